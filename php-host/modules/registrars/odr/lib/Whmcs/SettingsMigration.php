<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Whmcs;

use WHMCS\Database\Capsule;
use WHMCS\Module\Registrar\Odr\Capability\PanelLog;

/**
 * The upgrade from the two earlier ODR modules: their settings carried over into ours, and the
 * expiry sync held in preview afterwards.
 *
 * - ODR's own module is installed as registrar `odr` too, so its settings (`OdrApiKey`,
 *   `OdrApiSecret`, `OdrTestApiKey`, `OdrTestApiSecret`, `OdrTestmode`) sit in our registrar's
 *   rows of tblregistrars under keys we do not read.
 * - The community module is registrar `ODR` (its folder name) with our keys already.
 *
 * When our API key and secret are both empty and one of those is complete (ODR's own first),
 * its values are decrypted, stored under our keys (encrypted, as WHMCS stores registrar
 * settings), "Expiry sync preview" is ticked, and one activity-log line tells the admin. The old
 * rows are left as they are. Once our key is stored, nothing here writes again.
 *
 * Rows are matched on the exact registrar name in PHP: MySQL's default collations compare
 * `ODR` and `odr` as equal.
 */
final class SettingsMigration
{
    /** The community module's registrar name (its folder, modules/registrars/ODR). */
    public const COMMUNITY_REGISTRAR = 'ODR';

    /** The community module's settings we read; the keys are ours as well. */
    private const COMMUNITY_KEYS = [
        'APIKey', 'APISecret', 'TestMode', 'ApiUrl', 'Adminuser', 'Synccontact', 'Syncdomain', 'Primairydomain',
    ];

    public const PREVIEW_KEY = 'SyncPreview';

    /**
     * Carries the previous module's settings over when ours are empty, and returns the settings
     * (a WHMCS parameter array or the stored settings) with them filled in, so the same call
     * already uses them.
     *
     * @param array<string, mixed> $params
     * @return array<string, mixed>
     */
    public function carryOver(array $params): array
    {
        // The saved rows decide, read by exact registrar name: WHMCS's own lookup may hand a
        // previous module's settings (registrar "ODR") to this one on MySQL, whose collation
        // takes "ODR" and "odr" alike. Once ours are found, the process does not look again.
        if (SavedCredentials::present()) {
            return $params;
        }
        $ours = $this->stored(PanelLog::MODULE);
        $found = $this->fromOfficialModule($ours) ?? $this->fromCommunityModule();
        if ($found === null) {
            return $params;
        }
        [$source, $values] = $found;
        $values = array_filter($values, static fn (string $value): bool => $value !== '');
        $values[self::PREVIEW_KEY] = 'on';
        $written = $this->store($values, $ours);
        logActivity(sprintf(
            'ODR module upgrade: settings carried over from %s (%s). "Expiry sync preview" is ticked: '
                . 'the expiry sync changes nothing until you have checked the daily preview e-mail and '
                . 'unticked it (Setup > Domain Registrars > Open Domain Registry).',
            $source,
            implode(', ', array_keys($written)),
        ));
        foreach ($values as $key => $value) {
            if (self::text($params, $key) === '' || $key === self::PREVIEW_KEY) {
                $params[$key] = $value;
            }
        }

        return $params;
    }

    /**
     * The settings page and other places that must never fail: carry over, log what went wrong.
     */
    public function carryOverQuietly(): void
    {
        try {
            $this->carryOver([]);
        } catch (\Throwable $error) {
            try {
                logActivity('ODR module upgrade: the previous module\'s settings could not be carried over: '
                    . get_class($error));
            } catch (\Throwable) {
                // Never break the settings page.
            }
        }
    }

    /**
     * Ticks "Expiry sync preview" (after domains moved over); false when it already was.
     */
    public function forcePreview(): bool
    {
        $ours = $this->stored(PanelLog::MODULE);
        if (self::text($ours, self::PREVIEW_KEY) === 'on') {
            return false;
        }
        $this->store([self::PREVIEW_KEY => 'on'], $ours, true);

        return true;
    }

    /**
     * ODR's own module: the live pair, or the staging pair when its test mode was on.
     *
     * @param array<string, string> $ours
     * @return array{string, array<string, string>}|null
     */
    private function fromOfficialModule(array $ours): ?array
    {
        $testMode = in_array(strtolower(self::text($ours, 'OdrTestmode')), ['on', 'yes', '1', 'true'], true);
        $key = self::text($ours, $testMode ? 'OdrTestApiKey' : 'OdrApiKey');
        $secret = self::text($ours, $testMode ? 'OdrTestApiSecret' : 'OdrApiSecret');
        if ($key === '' || $secret === '') {
            return null;
        }
        $source = $testMode
            ? 'ODR\'s own module (its test-mode key and secret, test mode on)'
            : 'ODR\'s own module (its live key and secret, test mode off)';

        return [$source, ['APIKey' => $key, 'APISecret' => $secret, 'TestMode' => $testMode ? 'on' : '']];
    }

    /** @return array{string, array<string, string>}|null */
    private function fromCommunityModule(): ?array
    {
        $theirs = $this->stored(self::COMMUNITY_REGISTRAR);
        if (self::text($theirs, 'APIKey') === '' || self::text($theirs, 'APISecret') === '') {
            return null;
        }
        $values = [];
        foreach (self::COMMUNITY_KEYS as $key) {
            $values[$key] = self::text($theirs, $key);
        }

        return [sprintf('the community module (registrar "%s")', self::COMMUNITY_REGISTRAR), $values];
    }

    /**
     * Stores values under our registrar: fills empty or missing settings (all of them with
     * $overwrite), one encrypted row per setting.
     *
     * @param array<string, string> $values
     * @param array<string, string> $ours what is stored now
     * @return array<string, string> what was written
     */
    private function store(array $values, array $ours, bool $overwrite = false): array
    {
        $ids = $this->rowIds(PanelLog::MODULE);
        $written = [];
        foreach ($values as $setting => $value) {
            if (!$overwrite && self::text($ours, $setting) !== '' && $setting !== self::PREVIEW_KEY) {
                continue;
            }
            if (isset($ids[$setting])) {
                Capsule::table('tblregistrars')->where('id', $ids[$setting])->update(['value' => encrypt($value)]);
            } else {
                Capsule::table('tblregistrars')->insert([
                    'registrar' => PanelLog::MODULE,
                    'setting' => $setting,
                    'value' => encrypt($value),
                ]);
            }
            $written[$setting] = $value;
        }

        return $written;
    }

    /**
     * A registrar's stored settings (or only those named), decrypted, on the exact registrar name.
     *
     * @param list<string>|null $only
     * @return array<string, string>
     */
    private function stored(string $registrar, ?array $only = null): array
    {
        $values = [];
        foreach ($this->rows($registrar, $only) as $row) {
            $values[(string) $row->setting] = trim((string) decrypt((string) $row->value));
        }

        return $values;
    }

    /** @return array<string, int> setting => row id (the last row of each setting) */
    private function rowIds(string $registrar): array
    {
        $ids = [];
        foreach ($this->rows($registrar) as $row) {
            $ids[(string) $row->setting] = (int) $row->id;
        }

        return $ids;
    }

    /**
     * @param list<string>|null $only
     * @return list<object>
     */
    private function rows(string $registrar, ?array $only = null): array
    {
        $query = Capsule::table('tblregistrars')->where('registrar', $registrar);
        if ($only !== null) {
            $query->whereIn('setting', $only);
        }
        $rows = $query->orderBy('id')->get(['id', 'registrar', 'setting', 'value']);
        $exact = [];
        foreach ($rows as $row) {
            if ((string) $row->registrar === $registrar) {
                $exact[] = $row;
            }
        }

        return $exact;
    }

    /** @param array<string, mixed> $values */
    private static function text(array $values, string $key): string
    {
        $value = $values[$key] ?? '';

        return is_scalar($value) ? trim((string) $value) : '';
    }
}
