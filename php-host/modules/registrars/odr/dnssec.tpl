{* The DNSSEC page of the ODR registrar module (custom function "dnssec"). *}
<h3>DNSSEC keys of {$odrDomain|escape}</h3>
{if $odrError}
    <div class="alert alert-danger">{$odrError|escape}</div>
{elseif $odrSaved}
    <div class="alert alert-success">The DNSSEC keys were saved at the registry.</div>
{/if}
<p>The public keys (DNSKEY records) of the zone's key signing key (flag 257) and, if the registry
wants it, its zone signing key (flag 256). Remove every key to switch DNSSEC off; do that before
moving the domain to nameservers that do not sign it.</p>
<form method="post" action="clientarea.php?action=domaindetails&amp;domainid={$odrDomainId|escape}&amp;modop=custom&amp;a=dnssec">
    <input type="hidden" name="token" value="{$token|escape}">
    <input type="hidden" name="odr_dnssec" value="save">
    <table class="table">
        <tr><th>Flag</th><th>Protocol</th><th>Algorithm</th><th>Public key</th></tr>
        {foreach $odrKeys as $key}
        <tr>
            <td><select name="flag[]" class="form-control">
                <option value="257"{if $key.flag == 257} selected{/if}>257 (KSK)</option>
                <option value="256"{if $key.flag == 256} selected{/if}>256 (ZSK)</option>
            </select></td>
            <td><input type="text" name="protocol[]" value="{$key.protocol|escape}" size="2" class="form-control"></td>
            <td><input type="text" name="algorithm[]" value="{$key.algorithm|escape}" size="3" class="form-control"></td>
            <td><textarea name="publickey[]" rows="2" class="form-control">{$key['public-key']|escape}</textarea></td>
        </tr>
        {/foreach}
        <tr>
            <td><select name="flag[]" class="form-control">
                <option value="257">257 (KSK)</option>
                <option value="256">256 (ZSK)</option>
            </select></td>
            <td><input type="text" name="protocol[]" value="3" size="2" class="form-control"></td>
            <td><input type="text" name="algorithm[]" value="13" size="3" class="form-control"></td>
            <td><textarea name="publickey[]" rows="2" class="form-control" placeholder="a new key (base64)"></textarea></td>
        </tr>
    </table>
    <p>To remove a key, empty its public key. Algorithms: 8 RSA/SHA-256, 10 RSA/SHA-512, 13 ECDSA P-256,
    14 ECDSA P-384, 15 Ed25519, 16 Ed448 (5 and 7 for old RSA/SHA-1 keys).</p>
    <button type="submit" class="btn btn-primary">Save DNSSEC keys</button>
</form>
