import * as z from 'zod';
import type { LocalizedText } from './localized-text.ts';

/**
 * Intake channels: the 14 channels named in the source documents, plus `open311`
 * (GeoReport v2 clients) and `api` (a tenant's own software through an API key).
 */
export const Channel = z.enum([
  'call_center',
  'sms',
  'muhtar',
  'cimer',
  'whatsapp',
  'social_media',
  'email',
  'web',
  'mobile',
  'e_devlet',
  'acik_kapi',
  'walk_in',
  'chatbot',
  'kiosk',
  'open311',
  'api',
]);
export type Channel = z.infer<typeof Channel>;

export const channelLabels: Record<Channel, LocalizedText> = {
  call_center: { tr: 'Çağrı merkezi', en: 'Call centre' },
  sms: { tr: 'SMS', en: 'SMS' },
  muhtar: { tr: 'Muhtarlık', en: 'Neighbourhood head (muhtar)' },
  cimer: { tr: 'CİMER', en: 'CİMER' },
  whatsapp: { tr: 'WhatsApp', en: 'WhatsApp' },
  social_media: { tr: 'Sosyal medya', en: 'Social media' },
  email: { tr: 'E-posta', en: 'E-mail' },
  web: { tr: 'Web portalı', en: 'Web portal' },
  mobile: { tr: 'Mobil uygulama', en: 'Mobile app' },
  e_devlet: { tr: 'e-Devlet', en: 'e-Government (e-Devlet)' },
  acik_kapi: { tr: 'Açık Kapı', en: 'Açık Kapı (governorship desk)' },
  walk_in: { tr: 'Beyaz Masa (yüz yüze)', en: 'Walk-in desk' },
  chatbot: { tr: 'Sohbet robotu', en: 'Chatbot' },
  kiosk: { tr: 'Bilgi kiosku', en: 'Information kiosk' },
  open311: { tr: 'Open311 entegrasyonu', en: 'Open311 integration' },
  api: { tr: 'API entegrasyonu', en: 'API integration' },
};

/** Channels a citizen can use without staff: the public endpoint accepts only these. */
export const SelfServiceChannel = Channel.extract(['web', 'mobile', 'kiosk', 'chatbot']);
export type SelfServiceChannel = z.infer<typeof SelfServiceChannel>;

/**
 * Channels staff record on a citizen's behalf: the call centre, the walk-in desk, a
 * muhtar, and the written and external channels an agent transcribes.
 */
export const AssistedChannel = Channel.extract([
  'call_center',
  'walk_in',
  'sms',
  'whatsapp',
  'social_media',
  'email',
  'muhtar',
  'cimer',
  'e_devlet',
  'acik_kapi',
]);
export type AssistedChannel = z.infer<typeof AssistedChannel>;
