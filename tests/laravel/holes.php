<?php
// usage: php holes.php FILE.php: what PHP fills in in FILE's strings, by PHP's own
// tokenizer, as JSON [[start, end], ...] (byte offsets): each run of tokens inside a
// "..." string or a heredoc that is not literal text (T_ENCAPSED_AND_WHITESPACE).
$at = 0;
$inside = false;
$holes = [];
$hole = null;
foreach (token_get_all(file_get_contents($argv[1])) as $token) {
    [$id, $text] = is_array($token) ? [$token[0], $token[1]] : [null, $token];
    $end = $at + strlen($text);
    if ($id === T_START_HEREDOC || ($id === null && $text === '"' && !$inside)) {
        $inside = true;
    } elseif ($id === T_END_HEREDOC || ($id === null && $text === '"' && $inside)) {
        if ($hole !== null) { $holes[] = $hole; $hole = null; }
        $inside = false;
    } elseif ($inside && $id === T_ENCAPSED_AND_WHITESPACE) {
        if ($hole !== null) { $holes[] = $hole; $hole = null; }
    } elseif ($inside) {
        $hole = $hole === null ? [$at, $end] : [$hole[0], $end];
    }
    $at = $end;
}
echo json_encode($holes), "\n";
