<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Mail;

/**
 * A small table rendered as HTML and as aligned plain text.
 */
final class Table
{
    /**
     * @param list<string> $headings
     * @param list<list<string>> $rows
     */
    public function __construct(private readonly array $headings, private readonly array $rows)
    {
    }

    public function html(): string
    {
        $cell = static fn (string $tag, string $value): string => sprintf(
            '<%1$s style="border:1px solid #ccc;padding:2px 6px;text-align:left">%2$s</%1$s>',
            $tag,
            htmlspecialchars($value, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8'),
        );
        $html = '<table style="border-collapse:collapse"><tr>';
        foreach ($this->headings as $heading) {
            $html .= $cell('th', $heading);
        }
        $html .= '</tr>';
        foreach ($this->rows as $row) {
            $html .= '<tr>';
            foreach ($row as $value) {
                $html .= $cell('td', $value);
            }
            $html .= '</tr>';
        }

        return $html . '</table>';
    }

    public function text(): string
    {
        $widths = array_map('mb_strlen', $this->headings);
        foreach ($this->rows as $row) {
            foreach ($row as $column => $value) {
                $widths[$column] = max($widths[$column] ?? 0, mb_strlen($value));
            }
        }
        $line = static function (array $values) use ($widths): string {
            $cells = [];
            foreach ($values as $column => $value) {
                $cells[] = $value . str_repeat(' ', $widths[$column] - mb_strlen($value));
            }

            return rtrim(implode('  ', $cells));
        };
        $lines = [$line($this->headings)];
        foreach ($this->rows as $row) {
            $lines[] = $line($row);
        }

        return implode("\n", $lines);
    }
}
