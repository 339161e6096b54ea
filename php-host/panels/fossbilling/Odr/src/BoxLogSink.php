<?php

declare(strict_types=1);

namespace Odr\Fossbilling;

use Odr\Panel\ErrorMessage;
use Odr\Panel\LogLine;

/**
 * The component's log capability in FOSSBilling: its logger (Box_Log, set on the adapter with
 * setLog()), which writes to the activity log and the application log. ODR requests go out at
 * debug level (kept only with FOSSBilling's debug mode on), changes and warnings at info level.
 *
 * The component masks secrets before anything reaches this class; the API secret is scrubbed
 * here once more. Logging never fails a registrar operation.
 */
final class BoxLogSink
{
    /** @param list<string> $secrets */
    public function __construct(private readonly object $log, private readonly array $secrets)
    {
    }

    /** One ODR request and its response. */
    public function moduleCall(string $action, string $request, string $response): void
    {
        $this->write('debug', sprintf("ODR %s\nRequest: %s\nResponse: %s", $action, $request, $response));
    }

    /** One line for the activity log: a change the component made, or a warning. */
    public function activity(string $message, ?string $domain): void
    {
        $this->write('info', LogLine::activity($message, $domain));
    }

    private function write(string $level, string $message): void
    {
        // One argument only: Box_Log runs vsprintf over the message when more are given.
        try {
            $this->log->{$level}(ErrorMessage::mask($message, $this->secrets));
        } catch (\Throwable) {
            // A full or unwritable log must not fail the ODR operation it describes.
        }
    }
}
