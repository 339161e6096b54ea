<?php

declare(strict_types=1);

// The support classes, for scripts that LimitsTest runs in a separate php process.
require __DIR__ . '/MemoryState.php';
require __DIR__ . '/RecordingLog.php';
require __DIR__ . '/CannedOdr.php';
