<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

use Illuminate\Database\Capsule\Manager;
use Illuminate\Database\Schema\Blueprint;

/**
 * The WHMCS tables the module and the emulation touch, with the columns of a WHMCS 8 database
 * (whmcs-registrar-contract.md §6.1).
 */
final class Schema
{
    public const DOMAIN_STATUSES = [
        'Pending', 'Pending Registration', 'Pending Transfer', 'Active', 'Grace', 'Redemption',
        'Expired', 'Cancelled', 'Fraud', 'Transferred Away',
    ];

    /** Every table create() makes. */
    public const TABLES = [
        'tblconfiguration', 'tblregistrars', 'tbladmins', 'tblclients', 'tblcontacts', 'tbldomains',
        'tbldomainsadditionalfields', 'tblactivitylog', 'tblmodulelog', 'tblemails', 'tbldomainpricing',
        'tblinvoices', 'tblinvoiceitems',
    ];

    public static function create(Manager $capsule): void
    {
        $schema = $capsule->schema();

        $schema->create('tblconfiguration', static function (Blueprint $t): void {
            $t->increments('id');
            $t->string('setting', 64)->unique();
            $t->text('value')->default('');
            $t->timestamps();
        });

        $schema->create('tblregistrars', static function (Blueprint $t): void {
            $t->increments('id');
            $t->string('registrar', 255)->default('');
            $t->string('setting', 255)->default('');
            $t->text('value')->default('');
            $t->index(['registrar', 'setting']);
        });

        $schema->create('tbladmins', static function (Blueprint $t): void {
            $t->increments('id');
            $t->string('username', 255)->unique();
            $t->string('firstname', 255)->default('');
            $t->string('lastname', 255)->default('');
            $t->string('email', 255)->default('');
            $t->boolean('disabled')->default(false);
            $t->boolean('receivesystememails')->default(true);
        });

        $schema->create('tblclients', static function (Blueprint $t): void {
            $t->increments('id');
            $t->string('uuid', 255)->default('');
            $t->text('firstname')->default('');
            $t->text('lastname')->default('');
            $t->text('companyname')->default('');
            $t->text('email')->default('');
            $t->text('address1')->default('');
            $t->text('address2')->default('');
            $t->text('city')->default('');
            $t->text('state')->default('');
            $t->text('postcode')->default('');
            $t->string('country', 2)->default('');
            $t->text('phonenumber')->default('');
            $t->text('tax_id')->default('');
            $t->text('password')->default('');
            $t->integer('currency')->default(1);
            $t->text('defaultgateway')->default('');
            $t->decimal('credit', 16, 2)->default(0);
            $t->boolean('taxexempt')->default(false);
            $t->date('datecreated')->default('0000-00-00');
            $t->text('notes')->default('');
            $t->integer('groupid')->default(0);
            $t->enum('status', ['Active', 'Inactive', 'Closed'])->default('Active');
            $t->text('language')->default('');
            $t->timestamps();
        });

        $schema->create('tblcontacts', static function (Blueprint $t): void {
            $t->increments('id');
            $t->integer('userid')->index();
            $t->text('firstname')->default('');
            $t->text('lastname')->default('');
            $t->text('companyname')->default('');
            $t->text('email')->default('');
            $t->text('address1')->default('');
            $t->text('address2')->default('');
            $t->text('city')->default('');
            $t->text('state')->default('');
            $t->text('postcode')->default('');
            $t->string('country', 2)->default('');
            $t->text('phonenumber')->default('');
            $t->text('tax_id')->default('');
            $t->boolean('subaccount')->default(false);
            $t->boolean('domainemails')->default(false);
            $t->timestamps();
        });

        $schema->create('tbldomains', static function (Blueprint $t): void {
            $t->increments('id');
            $t->integer('userid')->index();
            $t->integer('orderid')->default(0);
            $t->enum('type', ['Register', 'Transfer'])->default('Register');
            $t->date('registrationdate')->default('0000-00-00');
            $t->text('domain')->default('');
            $t->decimal('firstpaymentamount', 16, 2)->default(0);
            $t->decimal('recurringamount', 16, 2)->default(0);
            $t->text('registrar')->default('');
            $t->integer('registrationperiod')->default(1);
            $t->date('expirydate')->default('0000-00-00');
            $t->text('subscriptionid')->default('');
            $t->integer('promoid')->default(0);
            $t->enum('status', self::DOMAIN_STATUSES)->default('Pending');
            $t->date('nextduedate')->default('0000-00-00');
            $t->date('nextinvoicedate')->default('0000-00-00');
            $t->text('additionalnotes')->default('');
            $t->text('paymentmethod')->default('');
            $t->boolean('dnsmanagement')->default(false);
            $t->boolean('emailforwarding')->default(false);
            $t->boolean('idprotection')->default(false);
            $t->boolean('is_premium')->default(false);
            $t->boolean('donotrenew')->default(false);
            $t->text('reminders')->default('');
            $t->boolean('synced')->default(false);
            $t->timestamps();
        });

        $schema->create('tbldomainsadditionalfields', static function (Blueprint $t): void {
            $t->increments('id');
            $t->integer('domainid')->index();
            $t->text('name')->default('');
            $t->text('value')->default('');
            $t->timestamps();
        });

        $schema->create('tblactivitylog', static function (Blueprint $t): void {
            $t->increments('id');
            $t->dateTime('date');
            $t->text('description')->default('');
            $t->text('user')->default('');
            $t->integer('userid')->default(0);
            $t->integer('user_id')->default(0);
            $t->integer('admin_id')->default(0);
            $t->text('ipaddr')->default('');
        });

        $schema->create('tblmodulelog', static function (Blueprint $t): void {
            $t->increments('id');
            $t->dateTime('date');
            $t->text('module')->default('');
            $t->text('action')->default('');
            $t->mediumText('request')->default('');
            $t->mediumText('response')->default('');
            $t->mediumText('arrdata')->default('');
        });

        // One row per TLD (extension with its leading dot). The four period/fee columns keep
        // WHMCS 8's defaults: -1 means "not set" for a period and "disabled" for a fee.
        $schema->create('tbldomainpricing', static function (Blueprint $t): void {
            $t->increments('id');
            $t->text('extension')->default('');
            $t->boolean('dnsmanagement')->default(false);
            $t->boolean('emailforwarding')->default(false);
            $t->boolean('idprotection')->default(false);
            $t->boolean('eppcode')->default(false);
            $t->text('autoreg')->default('');
            $t->integer('order')->default(0);
            $t->string('group', 5)->default('none');
            $t->integer('grace_period')->default(-1);
            $t->decimal('grace_period_fee', 16, 2)->default(0);
            $t->integer('redemption_grace_period')->default(-1);
            $t->decimal('redemption_grace_period_fee', 16, 2)->default(-1);
            $t->timestamps();
        });

        $schema->create('tblinvoices', static function (Blueprint $t): void {
            $t->increments('id');
            $t->integer('userid')->index();
            $t->text('invoicenum')->default('');
            $t->date('date')->nullable();
            $t->date('duedate')->nullable()->index();
            $t->dateTime('datepaid')->nullable();
            $t->dateTime('date_cancelled')->nullable();
            $t->decimal('subtotal', 16, 2)->default(0);
            $t->decimal('credit', 16, 2)->default(0);
            $t->decimal('tax', 16, 2)->default(0);
            $t->decimal('tax2', 16, 2)->default(0);
            $t->decimal('total', 16, 2)->default(0);
            $t->decimal('taxrate', 10, 3)->default(0);
            $t->decimal('taxrate2', 10, 3)->default(0);
            $t->text('status')->default('');
            $t->text('paymentmethod')->default('');
            $t->text('notes')->default('');
            $t->timestamps();
        });

        // type 'Domain' (renewal), 'DomainRegister', 'DomainTransfer', ...; relid = tbldomains.id.
        $schema->create('tblinvoiceitems', static function (Blueprint $t): void {
            $t->increments('id');
            $t->unsignedInteger('invoiceid')->default(0)->index();
            $t->integer('userid');
            $t->string('type', 30)->default('');
            $t->integer('relid')->default(0);
            $t->text('description')->default('');
            $t->decimal('amount', 16, 2)->default(0);
            $t->integer('taxed')->default(0);
            $t->date('duedate')->nullable();
            $t->text('paymentmethod')->default('');
            $t->text('notes')->default('');
            $t->index(['userid', 'type', 'relid']);
        });

        $schema->create('tblemails', static function (Blueprint $t): void {
            $t->increments('id');
            $t->integer('userid')->default(0);
            $t->text('subject')->default('');
            $t->mediumText('message')->default('');
            $t->dateTime('date');
            $t->text('to')->default('');
            $t->text('cc')->default('');
            $t->text('bcc')->default('');
            $t->text('attachments')->default('');
            $t->boolean('pending')->default(false);
            $t->mediumText('message_data')->default('');
            $t->boolean('failed')->default(false);
            $t->integer('campaign_id')->default(0);
        });
    }
}
