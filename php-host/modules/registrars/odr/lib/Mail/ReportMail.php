<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Mail;

/**
 * An e-mail the module sends through WHMCS: an HTML body for WHMCS's mailer (which adds the
 * plain-text part) and the same content as plain text for logs and command-line use.
 */
interface ReportMail
{
    public function subject(): string;

    public function html(): string;

    public function text(): string;

    /** One line for the activity log. */
    public function summary(): string;
}
