<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

use WHMCS\Module\Registrar\Odr\Capability\PanelLog;

/**
 * `php modules/registrars/odr/bin/move-domains.php [--apply]`: the domains of a previous ODR
 * module listed (a dry run, the default), or moved over with --apply. See DomainMove.
 */
final class DomainMoveCommand
{
    public const USAGE = "usage: php modules/registrars/odr/bin/move-domains.php [--apply]\n"
        . "  without --apply: list the domains that would move (a dry run, nothing changes)\n"
        . "  --apply: move them to registrar odr (only tbldomains.registrar changes)\n";

    /**
     * @param list<string> $args the arguments after the script name
     * @param resource $out
     * @return int the exit status: 0 done, 2 bad usage
     */
    public function run(array $args, $out): int
    {
        $apply = false;
        foreach ($args as $arg) {
            if ($arg === '--apply') {
                $apply = true;
            } elseif ($arg === '--help' || $arg === '-h') {
                fwrite($out, self::USAGE);

                return 0;
            } else {
                fwrite($out, sprintf("unknown argument %s\n%s", $arg, self::USAGE));

                return 2;
            }
        }
        $move = new DomainMove();
        $domains = $apply ? $move->apply() : $move->candidates();
        foreach ($domains as $domain) {
            fwrite($out, sprintf(
                "%s %d %s (%s, client %d): %s -> %s\n",
                $apply ? 'moved' : 'would move',
                $domain['id'],
                $domain['domain'],
                $domain['status'],
                $domain['userid'],
                $domain['registrar'],
                PanelLog::MODULE,
            ));
        }
        if ($domains === []) {
            fwrite($out, sprintf(
                "No domains with registrar %s: nothing to move.\n",
                implode(' or ', DomainMove::PREVIOUS_REGISTRARS),
            ));
        } elseif ($apply) {
            fwrite($out, sprintf(
                "%d domain(s) moved; nothing invoiced or synced. \"Expiry sync preview\" is on: untick it "
                    . "once the daily preview e-mail looks right.\n",
                count($domains),
            ));
        } else {
            fwrite($out, sprintf(
                "%d domain(s) would move; nothing changed. Run again with --apply to move them.\n",
                count($domains),
            ));
        }
        $tlds = $move->autoRegistrationTlds();
        if ($tlds !== []) {
            fwrite($out, sprintf(
                "By hand: Setup > Domain Pricing still registers %s automatically with a previous module; "
                    . "choose Open Domain Registry (ODR) there.\n",
                implode(', ', $tlds),
            ));
        }

        return 0;
    }
}
