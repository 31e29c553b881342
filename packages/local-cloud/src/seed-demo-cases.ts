import { type CaseRepository, caseRepositoryFromEnvironment, idAt } from '@citydesk/data';
import {
  applyCommand,
  type Case,
  type CaseCommand,
  type Channel,
  type ClosingEvidence,
  caseAccessFacts,
  defaultCalendar,
  generateTrackingNumber,
  openCase,
  type Principal,
  PublicCaseSubmission,
  type ResultCode,
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

let repository: CaseRepository | undefined;
/** Built on first use: the environment (table names, PII key) is set by the local cloud before seeding. */
const seedRepository = () => {
  repository ??= caseRepositoryFromEnvironment(secrets.piiHmacKey);
  return repository;
};

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

/**
 * The functions' runtime modules create their clients and read table names at import,
 * so they load only once the local cloud has filled the environment (start.ts imports
 * this module before it starts anything).
 */
async function platformRuntime() {
  const [{ cityRuntime }, { lifecycleReference }] = await Promise.all([
    import('@citydesk/functions/platform/city-runtime.ts'),
    import('@citydesk/functions/platform/lifecycle-runtime.ts'),
  ]);
  return { cityRuntime, lifecycleReference };
}

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
  const { cityRuntime } = await platformRuntime();
  const runtime = await cityRuntime(catalog.cityId);
  const repository = seedRepository();
  // The routing worker builds its clients from the environment at import: load it only now.
  const { routeCase } = await import('@citydesk/functions/workers/route-case.ts');
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
      configVersion: runtime.version,
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
    if (result.outcome === 'created') {
      created++;
      // Route now, with the routing worker's own code (its queue message then finds the
      // case routed and stops), and play the case forward as far as its age suggests.
      if ((await routeCase(result.case.id)) === 'routed') await playHistory(result.case.id, at, now, random);
    } else existing++;
  }
  options.log?.(`demo cases: ${created} created, ${existing} already present`);
  return { created, existing };
}

/** Closing answers a unit gives, with what their result codes require. */
const CLOSINGS: { resultCode: ResultCode; publicAnswer: string; evidence?: ClosingEvidence }[] = [
  {
    resultCode: 'SCHEDULED',
    publicAnswer: 'Talebiniz iş programımıza alınmıştır; ekiplerimiz belirtilen tarihte çalışma yapacaktır.',
    evidence: { plannedDate: '2026-12-15' },
  },
  {
    resultCode: 'RESOLVED_PARTIAL',
    publicAnswer: 'Sorunun acil kısmı giderilmiştir; kalan çalışma programa alınmıştır.',
  },
  {
    resultCode: 'INFO_GIVEN',
    publicAnswer: 'Konuyla ilgili bilgi verilmiştir; başka bir işlem gerekmemektedir.',
  },
];

/**
 * Plays a routed demo case forward like its owning unit would: accept, assign to a
 * field team, start, resolve, close — the older the case, the further, with a
 * little chance. Every step goes through the lifecycle and the version-checked
 * repository, exactly as the API applies it; the steps are timed after filing and
 * never in the future.
 */
async function playHistory(caseId: string, filedAt: Date, now: Date, random: () => number): Promise<void> {
  const ageDays = (now.getTime() - filedAt.getTime()) / 86_400_000;
  const stage = Math.min(5, Math.floor(ageDays / 4 + random() * 3));
  const { cityRuntime, lifecycleReference } = await platformRuntime();
  const runtime = await cityRuntime('balikesir');
  let at = filedAt.getTime();
  for (const step of STEPS.slice(0, stage)) {
    const c = await seedRepository().getCase(caseId);
    if (!c?.ownerTenantId) return;
    at = Math.min(now.getTime() - 60_000, at + (0.2 + random()) * 86_400_000 * (ageDays / 10));
    const owner = c.ownerTenantId as string;
    const principal: Principal = {
      kind: 'user',
      userId: `demo.${owner}.supervisor`,
      username: 'demo supervisor',
      tenantId: owner,
      tenantType: runtime.tenantsById.get(owner)?.type ?? 'district',
      roles: ['supervisor'],
    };
    const closing = CLOSINGS[Math.floor(random() * CLOSINGS.length)] as (typeof CLOSINGS)[number];
    const command = step(c, closing);
    const outcome = applyCommand(c, command, {
      ...lifecycleReference(runtime, new Date(at)),
      principal,
      facts: caseAccessFacts(c),
      newChildIdentity: () => {
        throw new Error('the demo history never splits');
      },
    });
    if (!outcome.ok) return;
    await seedRepository().saveTransition({ before: c, ...outcome, newCases: outcome.children });
  }
}

type Step = (c: Case, closing: (typeof CLOSINGS)[number]) => CaseCommand;
const STEPS: Step[] = [
  (c) => ({ action: 'accept', expectedVersion: c.version }),
  (c) => ({
    action: 'assign',
    expectedVersion: c.version,
    assignee: { kind: 'team', id: `${c.ownerTenantId}-field`, name: 'Saha Ekibi' },
  }),
  (c) => ({ action: 'start', expectedVersion: c.version }),
  (c, closing) => ({
    action: 'resolve',
    expectedVersion: c.version,
    resultCode: closing.resultCode,
    publicAnswer: closing.publicAnswer,
    internalNote: 'Saha ekibi çalışmayı tamamladı.',
    ...(closing.evidence ? { evidence: closing.evidence } : {}),
  }),
  (c) => ({ action: 'close', expectedVersion: c.version }),
];
