<?php
// usage: php run_migrations.php HOST PORT USER DATABASE MIGRATION.php...
// Runs each migration's up(), in the order given, on the MySQL/MariaDB database DATABASE
// through illuminate/database (Debian's php-illuminate-database, with doctrine/dbal for
// ->change()): what Laravel's migrator does on a real server, not its pretend mode.
require_once 'Illuminate/Database/autoload.php';
use Illuminate\Container\Container;
use Illuminate\Database\Capsule\Manager as Capsule;
use Illuminate\Support\Facades\Facade;

$container = new Container;
Container::setInstance($container);
$capsule = new Capsule($container);
$capsule->addConnection(['driver' => 'mysql', 'host' => $argv[1], 'port' => (int) $argv[2],
    'username' => $argv[3], 'password' => '', 'database' => $argv[4], 'prefix' => '',
    'charset' => 'utf8mb4', 'collation' => 'utf8mb4_unicode_ci']);
$capsule->setAsGlobal();
$container->instance('db', $capsule->getDatabaseManager());
Facade::setFacadeApplication($container);
foreach (array_slice($argv, 5) as $file) {
    $migration = require $file;
    $migration->up();
}
