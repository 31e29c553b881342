import { caseRepositoryFromEnvironment, idAt } from '@citydesk/data';
import {
  type Channel,
  defaultCalendar,
  generateTrackingNumber,
  openCase,
  PublicCaseSubmission,
} from '@citydesk/domain';
import { demoCityCatalog } from '@citydesk/domain/demo-city';
import { secrets } from '@citydesk/functions/manifest';

/*
 * A few hundred realistic cases for the Balıkesir demo city, so every screen shows
 * something real. Deterministic (seeded PRNG) and idempotent: each case carries a
 * seed idempotency claim, so a second `npm start` over the same .data adds nothing.
 * Cases go through the real repository; the stream, dispatcher and routing worker
 * then route them exactly as they route a citizen's request.
 */

/** mulberry32: tiny, fast, good enough for demo data, and reproducible. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What citizens typically say, per work-type group; `{wt}` is the work type's Turkish name. */
const PHRASES: Record<string, string[]> = {
  ROAD: [
    'Evimizin önündeki yolda büyük bir çukur oluştu, araçlar zarar görüyor.',
    'Asfalt yama yapılan yer yine bozuldu, yağmurda su birikiyor.',
  ],
  SIDEWALK: ['Kaldırım taşları yerinden çıkmış, yaşlılar ve çocuklar düşüyor.'],
  LIGHT: ['Sokağımızdaki lambalar üç gündür yanmıyor, akşamları çok karanlık.'],
  TRAFFIC: ['Kavşaktaki trafik lambası arızalı, sürekli sarı yanıp sönüyor.'],
  TRANSIT: [
    'Sabah 07.30 otobüsü yine gelmedi, işe geç kalıyoruz.',
    'Durakta bekleme alanı yok, yağmurda ıslanıyoruz.',
  ],
  WATER: [
    'Mahallemizde sabahtan beri su yok, ne zaman gelecek?',
    'Sokakta ana borudan su fışkırıyor, israf oluyor.',
  ],
  WATERSUB: ['Su faturam bu ay olağandışı yüksek geldi, sayacın kontrol edilmesini istiyorum.'],
  SEWER: ['Rögar taştı, sokağa pis su akıyor ve çok kötü koku var.'],
  STORM: ['Yağmur ızgarası tıkalı, her yağmurda cadde göle dönüyor.'],
  WASTE: [
    'Çöp konteyneri iki gündür boşaltılmadı, etrafa taşmış.',
    'Çöp toplama aracı sokağımıza uğramıyor.',
  ],
  CLEAN: ['Parkın çevresi çok kirli, düzenli temizlik yapılmıyor.'],
  PARK: ['Parktaki salıncak kırık, çocuklar için tehlikeli.', 'Parkın sulama sistemi bozuk, çimler kurudu.'],
  TREE: ['Ağaç dalları elektrik tellerine değiyor, budanması gerekiyor.'],
  ZABITA: [
    'Kaldırımı işgal eden seyyar satıcılar yayaları yola itiyor.',
    'Gece yarısına kadar yüksek sesle müzik yapılıyor.',
  ],
  ANIMAL: ['Mahallede yaralı bir sokak köpeği var, veteriner ekibi gelebilir mi?'],
  PEST: ['Dere kenarında sivrisinek çok fazla, ilaçlama yapılmasını rica ediyoruz.'],
  BUILD: ['Yan parseldeki inşaat izinsiz kat çıkıyor gibi görünüyor.'],
  SOCIAL: ['Yaşlı komşumuz yalnız yaşıyor, sosyal yardım için başvurmak istiyor.'],
  WINTER: ['Köy yolumuz kar nedeniyle kapandı, ambulans gelemiyor.'],
  GENERAL: ['Belediyenin hizmetlerinden çok memnunum, ekibe teşekkür ederim.'],
};

const CHANNELS: [Channel, number][] = [
  ['call_center', 0.62],
  ['whatsapp', 0.1],
  ['web', 0.08],
  ['mobile', 0.06],
  ['muhtar', 0.05],
  ['walk_in', 0.04],
  ['cimer', 0.03],
  ['social_media', 0.02],
];

const FIRST_NAMES = [
  'Ayşe',
  'Mehmet',
  'Fatma',
  'Mustafa',
  'Emine',
  'Ahmet',
  'Hatice',
  'Ali',
  'Zeynep',
  'Hüseyin',
];
const LAST_NAMES = [
  'Yılmaz',
  'Kaya',
  'Demir',
  'Şahin',
  'Çelik',
  'Yıldız',
  'Aydın',
  'Öztürk',
  'Arslan',
  'Doğan',
];

export interface SeedDemoCasesOptions {
  count?: number;
  /** The newest case is this many minutes before now; older ones spread over 60 days. */
  now?: Date;
  log?: (line: string) => void;
}

/** Seeds the demo cases (idempotent). Reads table names and PII_HMAC_KEY from the environment. */
export async function seedDemoCases(
  options: SeedDemoCasesOptions = {},
): Promise<{ created: number; existing: number }> {
  const count = options.count ?? 300;
  const now = options.now ?? new Date();
  const catalog = demoCityCatalog();
  const repository = caseRepositoryFromEnvironment(secrets.piiHmacKey);
  const random = prng(20261122);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const weighted = <T>(list: [T, number][]): T => {
    let r = random();
    for (const [value, weight] of list) {
      r -= weight;
      if (r <= 0) return value;
    }
    return (list[0] as [T, number])[0];
  };
  // Frequent complaints dominate real call-centre traffic; weight the groups accordingly.
  const common = catalog.workTypes.filter((w) => PHRASES[w.group]);
  const districts = catalog.tenants.filter((t) => t.type === 'district');
  const located = catalog.neighbourhoods.filter((n) => n.centroid);

  let created = 0;
  let existing = 0;
  for (let i = 0; i < count; i++) {
    const workType = random() < 0.85 ? pick(common) : pick(catalog.workTypes);
    const ageMinutes = Math.floor(random() ** 2 * 60 * 24 * 60) + 5;
    const at = new Date(now.getTime() - ageMinutes * 60_000);
    // Two thirds in the city centre (where the neighbourhood data is), the rest in district towns.
    const central = random() < 0.66;
    const place = central ? pick(located) : undefined;
    const district = pick(districts);
    const jitter = () => (random() - 0.5) * 0.01;
    const point = place?.centroid ?? district.seat;
    const phrase = pick(
      PHRASES[workType.group] ?? [`${workType.name.tr} hakkında başvuru yapmak istiyorum.`],
    );
    const withPhone = random() < 0.8;
    const submission = PublicCaseSubmission.parse({
      workTypeCode: workType.code,
      description: phrase,
      channel: 'web',
      location: {
        lat: point.lat + jitter(),
        lon: point.lon + jitter(),
        ...(place ? { neighbourhood: place.name } : {}),
        address: place
          ? `${place.name} Mah. ${1 + Math.floor(random() * 40)}. Sokak No:${1 + Math.floor(random() * 60)}`
          : `${district.shortName} merkez`,
      },
      contact: withPhone
        ? {
            name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
            phone: `05${30 + Math.floor(random() * 26)}${String(Math.floor(random() * 1e7)).padStart(7, '0')}`,
            preference: {
              channel: 'sms',
              granularity: random() < 0.5 ? 'every_stage' : 'result_only',
              language: 'tr',
            },
          }
        : { preference: { channel: 'none', granularity: 'result_only', language: 'tr' } },
      consent: { accepted: true, noticeVersion: '2026-11' },
    });
    const opened = openCase({
      submission,
      // Most intake is recorded by staff (call centre, muhtar, CİMER…), not self-service.
      channel: weighted(CHANNELS),
      workType,
      cityId: catalog.cityId,
      catalogVersion: catalog.version,
      caseId: idAt(at, random),
      eventId: idAt(at, random),
      trackingNo: generateTrackingNumber((max) => Math.floor(random() * max)),
      actor: { kind: 'system', id: 'demo-seed' },
      now: at,
      calendar: defaultCalendar,
    });
    const result = await repository.create({
      ...opened,
      idempotency: {
        operation: 'demo-seed',
        key: `case-${i}`,
        requestHash: `seed-v1-${i}`,
        ttlSeconds: 10 * 365 * 86400,
      },
    });
    if (result.outcome === 'created') created++;
    else existing++;
  }
  options.log?.(`demo cases: ${created} created, ${existing} already present`);
  return { created, existing };
}
