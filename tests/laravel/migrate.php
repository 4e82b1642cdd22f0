<?php
// usage: php migrate.php migrate|rollback FOLDER
// Runs Laravel's own migrator (illuminate/database's Migrator with its
// DatabaseMigrationRepository, the `migrations` table) over FOLDER, as
// `php artisan migrate` and `php artisan migrate:rollback --step=1` do, on the
// connection the environment names (DB_CONNECTION pgsql|mysql|sqlite, DB_HOST,
// DB_PORT, DB_DATABASE, DB_USERNAME, DB_PASSWORD). Prints the migrations run,
// one a line; a failing statement exits non-zero with its error.
require_once 'Illuminate/Database/autoload.php';
use Illuminate\Container\Container;
use Illuminate\Database\Capsule\Manager as Capsule;
use Illuminate\Database\Migrations\DatabaseMigrationRepository;
use Illuminate\Database\Migrations\Migrator;
use Illuminate\Filesystem\Filesystem;
use Illuminate\Support\Facades\Facade;

$container = new Container;
Container::setInstance($container);
$capsule = new Capsule($container);
$driver = getenv('DB_CONNECTION');
$mysql = $driver === 'mysql';  // config/database.php's charsets: utf8mb4 on MySQL, utf8 else
$capsule->addConnection([
    'driver' => $driver, 'host' => getenv('DB_HOST') ?: '127.0.0.1',
    'port' => getenv('DB_PORT') ?: null, 'database' => getenv('DB_DATABASE'),
    'username' => getenv('DB_USERNAME') ?: '', 'password' => getenv('DB_PASSWORD') ?: '',
    'prefix' => '', 'charset' => $mysql ? 'utf8mb4' : 'utf8',
    'collation' => $mysql ? 'utf8mb4_unicode_ci' : null,
    'schema' => 'public', 'search_path' => 'public',
]);
$capsule->setAsGlobal();
$container->instance('db', $capsule->getDatabaseManager());
Facade::setFacadeApplication($container);

$resolver = $capsule->getDatabaseManager();
$repository = new DatabaseMigrationRepository($resolver, 'migrations');
if (!$repository->repositoryExists()) {
    $repository->createRepository();
}
$migrator = new Migrator($repository, $resolver, new Filesystem);
[$command, $folder] = [$argv[1], $argv[2]];
try {
    $ran = $command === 'migrate'
        ? $migrator->run([$folder])
        : $migrator->rollback([$folder], ['step' => 1]);
} catch (Throwable $error) {
    fwrite(STDERR, get_class($error) . ': ' . $error->getMessage() . "\n");
    exit(1);
}
foreach ($ran as $file) {
    echo $migrator->getMigrationName(is_string($file) ? $file : $file->migration), "\n";
}
