import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import Handlebars from 'handlebars';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { BrandingService } from '../branding';
import { defaultBrand } from '../branding';
import { Lang, t } from '../platform/i18n/i18n';
import { SRC_ROOT } from '../platform/views/view-engine';
import type { NoticeFacts } from './notices';
import './notifications.i18n';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const TEMPLATES = path.join(SRC_ROOT, 'notifications', 'views', 'mail');

/**
 * Renders notices from their facts (never from content) with Handlebars, in HTML and plain
 * text, in the recipient's language. A private Handlebars instance: mail templates share
 * nothing with the page views. The plain-text templates are compiled without HTML escaping;
 * every value in them is ours (case numbers, dates, links), never typed by a user.
 */
@Injectable()
export class MailRenderer {
  private readonly hb = Handlebars.create();
  private readonly notice = { text: this.compile('notice.text.hbs', true), html: this.compile('notice.html.hbs', false) };
  private readonly digest = { text: this.compile('digest.text.hbs', true), html: this.compile('digest.html.hbs', false) };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // Absent only in unit tests, which then see the built-in name.
    @Optional() private readonly branding?: BrandingService,
  ) {}

  /** A queued mail: one notice, or a digest whose facts list its notices. */
  renderQueued(lang: Lang, facts: NoticeFacts & { items?: NoticeFacts[] }): RenderedMail {
    return facts.notice === 'digest' ? this.renderDigest(lang, facts.items ?? []) : this.render(lang, facts);
  }

  render(lang: Lang, facts: NoticeFacts): RenderedMail {
    const item = this.item(lang, facts);
    const subject = this.oneLine(t(lang, `mail.subject.${facts.notice}`, this.params(lang, facts)));
    const context = { ...this.frame(lang), ...item, subject };
    return { subject, text: this.notice.text(context), html: this.notice.html(context) };
  }

  renderDigest(lang: Lang, notices: NoticeFacts[]): RenderedMail {
    const subject = t(lang, 'mail.subject.digest', { count: notices.length });
    const context = { ...this.frame(lang), headline: t(lang, 'mail.headline.digest'), subject, items: notices.map((f) => this.item(lang, f)) };
    return { subject, text: this.digest.text(context), html: this.digest.html(context) };
  }

  private item(lang: Lang, facts: NoticeFacts) {
    return {
      headline: t(lang, `mail.headline.${facts.notice}`, this.params(lang, facts)),
      caseNumber: facts.caseNumber ?? null,
      due: facts.dueAt ? this.formatDue(lang, new Date(facts.dueAt)) : null,
      alert: facts.alert ? { when: this.formatDue(lang, new Date(facts.alert.at)), figure: facts.alert.figure, threshold: facts.alert.threshold } : null,
      link: `${this.config.publicUrl}${facts.path}`,
    };
  }

  private frame(lang: Lang) {
    return {
      lang,
      greeting: t(lang, 'mail.greeting'),
      footer: t(lang, 'mail.footer', { org: (this.branding?.snapshot() ?? defaultBrand())[lang].short_name }),
      labels: {
        case: t(lang, 'mail.case'),
        due: t(lang, 'mail.due'),
        open: t(lang, 'mail.open'),
        when: t(lang, 'mail.alert.when'),
        figure: t(lang, 'mail.alert.figure'),
        threshold: t(lang, 'mail.alert.threshold'),
      },
    };
  }

  private params(lang: Lang, facts: NoticeFacts): Record<string, string> {
    const alert = facts.alert;
    return {
      ...(alert ? { figure: String(alert.figure), threshold: String(alert.threshold ?? ''), from: this.formatDue(lang, new Date(alert.from)), minutes: String(alert.minutes) } : {}),
      caseNumber: facts.caseNumber ?? '',
      deadline: facts.deadline ? t(lang, `mail.deadline.${facts.deadline}`) : '',
      roles: facts.roles?.length ? facts.roles.map((r) => t(lang, `mail.role.${r}`)).join(', ') : t(lang, 'mail.role.none'),
    };
  }

  private formatDue(lang: Lang, at: Date): string {
    return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
      timeZone: this.config.tzName,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(at);
  }

  private oneLine(s: string): string {
    return s.replace(/\s+/g, ' ').trim();
  }

  private compile(file: string, plain: boolean): HandlebarsTemplateDelegate {
    return this.hb.compile(fs.readFileSync(path.join(TEMPLATES, file), 'utf8'), { noEscape: plain, strict: false });
  }
}
