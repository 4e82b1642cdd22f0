<?php
// usage: php pretend.php MIGRATION.php pgsql|mysql
// The SQL Laravel's schema builder runs for the migration's up(), one statement a line,
// without a database: the connection's pretend mode (illuminate/database; Debian's
// php-illuminate-database puts it on PHP's include path). A PHP 8.3 typed constant
// (`const string X`) is read as untyped, so PHP 8.2 parses the file.
require_once 'Illuminate/Database/autoload.php';
use Illuminate\Container\Container;
use Illuminate\Database\Capsule\Manager as Capsule;
use Illuminate\Support\Facades\Facade;

$container = new Container;
Container::setInstance($container);
$capsule = new Capsule($container);
$capsule->addConnection(['driver' => $argv[2], 'host' => '127.0.0.1', 'database' => 'none',
    'username' => 'none', 'password' => '', 'prefix' => '', 'charset' => 'utf8',
    'collation' => null, 'schema' => 'public']);
$capsule->setAsGlobal();
$container->instance('db', $capsule->getDatabaseManager());
Facade::setFacadeApplication($container);
$code = preg_replace('/\bconst\s+(?:string|int|array|bool)\s+/', 'const ', file_get_contents($argv[1]));
$copy = tempnam(sys_get_temp_dir(), 'mig');
file_put_contents($copy, $code);
$migration = require $copy;
unlink($copy);
foreach ($capsule->getConnection()->pretend(fn () => $migration->up()) as $query) {
    echo str_replace("\n", ' ', $query['query']), "\n";
}
