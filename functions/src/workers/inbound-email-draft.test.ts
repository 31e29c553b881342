import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { emailDraftOf, htmlToPlainText } from './inbound-email-draft.ts';

/** A citizen's e-mail as a mail client sends it: quoted-printable Turkish text, an encoded subject, a photo. */
const rawEmail = [
  'From: =?UTF-8?Q?Ay=C5=9Fe_Y=C4=B1lmaz?= <Ayse.Yilmaz@example.com>',
  'To: beyazmasa@balikesir.bel.tr',
  'Subject: =?UTF-8?B?U29rYWvEsW3EsXpkYWtpIMOndWt1cg==?=',
  'Message-ID: <20261207.1234@example.com>',
  'Date: Mon, 07 Dec 2026 11:30:00 +0300',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Sokak=C4=B1m=C4=B1zdaki =C3=A7ukur b=C3=BCy=C3=BCd=C3=BC.',
  '--b1',
  'Content-Type: image/jpeg; name="cukur.jpg"',
  'Content-Disposition: attachment; filename="cukur.jpg"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]).toString('base64'),
  '--b1--',
  '',
].join('\r\n');

describe('inbound e-mail draft', () => {
  it('decodes the sender, subject, body and attachment of a real MIME message', async () => {
    const email = await PostalMime.parse(rawEmail, { attachmentEncoding: 'arraybuffer' });
    const draft = emailDraftOf(
      email,
      { bucket: 'b', key: 'inbound-email/k', sesMessageId: 'ses-1' },
      new Date('2026-12-07T12:00:00Z'),
    );
    expect(draft).toMatchObject({
      channel: 'email',
      providerMessageId: 'ses-1',
      receivedAt: '2026-12-07T08:30:00.000Z',
      sender: { email: 'ayse.yilmaz@example.com', name: 'Ayşe Yılmaz' },
      subject: 'Sokakımızdaki çukur',
      text: 'Sokakımızdaki çukur büyüdü.',
    });
    expect(draft.attachments).toHaveLength(1);
    expect(draft.attachments[0]).toMatchObject({ fileName: 'cukur.jpg', contentType: 'image/jpeg' });
    expect([...(draft.attachments[0]?.content ?? [])]).toEqual([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
  });

  it('falls back to the Message-ID and to the HTML part', async () => {
    const html = await PostalMime.parse(
      'From: a@b.example\r\nMessage-ID: <x@y>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Su&nbsp;yok</p><script>x</script>',
    );
    const draft = emailDraftOf({ ...html, text: undefined }, { bucket: 'b', key: 'k' }, new Date());
    expect(draft.providerMessageId).toBe('<x@y>');
    expect(draft.text).toBe('Su yok');
    expect(htmlToPlainText('<div>a</div><div>b &amp; c</div>')).toBe('a\nb & c');
  });
});
