<?php
// usage: php run_queries.php DATABASE.sqlite FILE.php...
// Requires each FILE (PHP code using Laravel's query builder and Eloquent), then prints
// as JSON what its function queries() returns, run on the SQLite DATABASE through
// illuminate/database (Debian's php-illuminate-database); a query that fails exits non-zero.
require_once 'Illuminate/Database/autoload.php';
use Illuminate\Container\Container;
use Illuminate\Database\Capsule\Manager as Capsule;
use Illuminate\Support\Facades\Facade;

$container = new Container;
Container::setInstance($container);
$capsule = new Capsule($container);
$capsule->addConnection(['driver' => 'sqlite', 'database' => $argv[1], 'prefix' => '']);
$capsule->setAsGlobal();
$capsule->bootEloquent();
$container->instance('db', $capsule->getDatabaseManager());
Facade::setFacadeApplication($container);
foreach (array_slice($argv, 2) as $file) {
    require $file;
}
echo json_encode(queries()), "\n";
