import { Controller, Get, Headers, Inject, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { escapeHtml, ProblemException, Problems } from '@theqa/http-shell';
import type { SmsMessage } from '@theqa/integrations';
import type { DevelopmentTools } from './identity-services';
import { DEVELOPMENT_TOOLS } from './identity-services.token';
import { isCivilNumber } from '@theqa/kernel';

/**
 * Development stand-ins for what a phone has and a server does not: the card's chip (NFC read), the
 * camera (a selfie of the registry person, or of somebody else) and the person's SMS inbox. Mounted
 * only when the composition root provides them (development): in production these routes do not exist.
 */
@Controller('dev')
export class DevToolsController {
  constructor(@Inject(DEVELOPMENT_TOOLS) private readonly tools: DevelopmentTools) {}

  @Get('card/:civilNumber')
  async card(@Param('civilNumber') civilNumber: string) {
    checkCivilNumber(civilNumber);
    const card = await this.tools.readCard(civilNumber);
    if (!card) throw new ProblemException(Problems.notFound, 'the civil registry knows no person with this civil number');
    return card;
  }

  @Get('selfie/:civilNumber')
  async selfie(@Param('civilNumber') civilNumber: string, @Query('of') of?: string) {
    checkCivilNumber(civilNumber);
    const selfie = await this.tools.selfie(civilNumber, of === 'impostor' ? 'impostor' : 'person');
    if (!selfie) throw new ProblemException(Problems.notFound, 'the civil registry knows no person with this civil number');
    return { selfie: selfie.toString('base64') };
  }

  @Get('sms')
  async sms(@Query('phone') phone: string | undefined, @Headers('accept') accept: string | undefined, @Res() res: Response) {
    if (phone !== undefined && !/^\+\d{8,15}$/.test(phone)) throw new ProblemException(Problems.badRequest, 'phone must be in E.164 form, e.g. +96891234567');
    const messages = await this.tools.sentSms(phone, 100);
    if ((accept ?? '').includes('application/json') && !(accept ?? '').includes('text/html')) {
      res.json({ messages });
      return;
    }
    res.type('html').send(smsPage(messages.reverse(), phone));
  }
}

function checkCivilNumber(civilNumber: string): void {
  if (!isCivilNumber(civilNumber)) throw new ProblemException(Problems.badRequest, 'the civil number is 6 to 12 digits');
}

function smsPage(messages: SmsMessage[], phone?: string): string {
  const rows = messages
    .map((m) => `<tr><td dir="ltr">${escapeHtml(m.sentAt)}</td><td dir="ltr">${escapeHtml(m.to)}</td><td>${escapeHtml(m.purpose)}</td><td><pre>${escapeHtml(m.text)}</pre></td></tr>`)
    .join('');
  return `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>صندوق الرسائل النصية (تطوير) — SMS outbox (development)</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top}pre{margin:0;white-space:pre-wrap;font-family:inherit}</style></head>
<body><h1>صندوق الرسائل النصية <small>SMS outbox — development only</small></h1>
<p>الرسائل التي كانت ستُرسل إلى الهواتف${phone ? ` (${escapeHtml(phone)})` : ''}، الأحدث أولاً. Messages that would have gone to phones, newest first.</p>
<table><thead><tr><th>الوقت / Time</th><th>الهاتف / Phone</th><th>الغرض / Purpose</th><th>النص / Text</th></tr></thead><tbody>${rows || '<tr><td colspan="4">لا توجد رسائل — no messages</td></tr>'}</tbody></table></body></html>`;
}
