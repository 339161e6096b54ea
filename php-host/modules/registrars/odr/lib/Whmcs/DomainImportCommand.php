<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

use WHMCS\Module\Registrar\Odr\Context;
use Odr\Panel\ErrorMessage;

/**
 * `php modules/registrars/odr/bin/import-domains.php [--import a.nl,b.nl [--client ID]]`: the ODR
 * account's domains WHMCS does not hold, listed (a dry run, the default), or the chosen ones
 * imported. See DomainImport.
 */
final class DomainImportCommand
{
    public const USAGE = "usage: php modules/registrars/odr/bin/import-domains.php"
        . " [--import DOMAINS [--client ID]]\n"
        . "  without --import: list the ODR domains WHMCS does not hold (a dry run, nothing changes)\n"
        . "  --import a.nl,b.nl: import these; each goes to the client whose e-mail is the registrant's\n"
        . "  --client ID: the client for imported domains whose registrant matches no client\n";

    public function __construct(private readonly Context $context)
    {
    }

    /**
     * @param list<string> $args the arguments after the script name
     * @param resource $out
     * @return int the exit status: 0 done, 1 failed (the reason printed, secrets masked), 2 bad usage
     */
    public function run(array $args, $out): int
    {
        try {
            return $this->runOrThrow($args, $out);
        } catch (\Throwable $error) {
            fwrite($out, 'import-domains failed: '
                . ErrorMessage::of($error, $this->context->settings->secrets()) . "\n");

            return 1;
        }
    }

    /**
     * @param list<string> $args
     * @param resource $out
     */
    private function runOrThrow(array $args, $out): int
    {
        $chosen = null;
        $client = null;
        for ($i = 0; $i < count($args); $i++) {
            $arg = $args[$i];
            if ($arg === '--help' || $arg === '-h') {
                fwrite($out, self::USAGE);

                return 0;
            }
            if (($arg === '--import' || $arg === '--client') && !isset($args[$i + 1])) {
                fwrite($out, sprintf("%s needs a value\n%s", $arg, self::USAGE));

                return 2;
            }
            if ($arg === '--import') {
                $chosen = array_values(array_filter(array_map('trim', explode(',', $args[++$i]))));
            } elseif ($arg === '--client') {
                $value = $args[++$i];
                if (!ctype_digit($value) || !$this->clientExists((int) $value)) {
                    fwrite($out, sprintf("--client %s: no such WHMCS client\n", $value));

                    return 2;
                }
                $client = (int) $value;
            } else {
                fwrite($out, sprintf("unknown argument %s\n%s", $arg, self::USAGE));

                return 2;
            }
        }
        $import = new DomainImport($this->context);
        $candidates = $import->candidates();
        if ($chosen === null) {
            foreach ($candidates as $c) {
                fwrite($out, sprintf(
                    "would import %s (expires %s, registrant %s <%s>): %s\n",
                    $c['domain'],
                    $c['expiry'] ?? 'unknown',
                    $c['name'],
                    $c['email'],
                    $c['client'] === null ? 'no client with this e-mail (use --client)' : 'client ' . $c['client'],
                ));
            }
            fwrite($out, sprintf(
                "%d ODR domain(s) unknown to WHMCS; nothing changed. Import with --import a.nl,b.nl.\n",
                count($candidates),
            ));

            return 0;
        }
        $result = $import->import($candidates, $chosen, $client);
        foreach ($result['imported'] as $done) {
            fwrite($out, sprintf(
                "imported %s as domain %d of client %d\n",
                $done['domain'],
                $done['id'],
                $done['client'],
            ));
        }
        foreach ($result['skipped'] as $domain => $why) {
            fwrite($out, sprintf("skipped %s: %s\n", $domain, $why));
        }
        fwrite($out, sprintf(
            "%d imported, %d skipped; nothing invoiced. Set each imported domain's recurring amount.\n",
            count($result['imported']),
            count($result['skipped']),
        ));

        return 0;
    }

    private function clientExists(int $id): bool
    {
        return \WHMCS\Database\Capsule::table('tblclients')->where('id', $id)->exists();
    }
}
