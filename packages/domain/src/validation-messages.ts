import type { LocalizedText } from './localized-text.ts';

/**
 * Messages for the domain's own validation rules, keyed by the string the schemas
 * raise. The API edge turns a key into the caller's language; zod's built-in
 * messages are localized by zod's own tr/en locales.
 */
export const validationMessages = {
  'phone.invalid': {
    tr: 'Geçerli bir telefon numarası girin (ör. 0532 123 45 67).',
    en: 'Enter a valid phone number (e.g. +90 532 123 45 67).',
  },
  'contact.phone-required': {
    tr: 'SMS veya geri arama için telefon numarası gereklidir.',
    en: 'A phone number is required for SMS or call-back notifications.',
  },
  'contact.email-required': {
    tr: 'E-posta bildirimi için e-posta adresi gereklidir.',
    en: 'An e-mail address is required for e-mail notifications.',
  },
  'consent.required': {
    tr: 'Devam etmek için KVKK aydınlatma metnini okuyup onaylamanız gerekir.',
    en: 'You must read and accept the KVKK privacy notice to continue.',
  },
  'attachment.file-name': {
    tr: 'Dosya adı klasör yolu veya kontrol karakteri içeremez.',
    en: 'The file name must not contain a folder path or control characters.',
  },
  'attachment.too-large': {
    tr: 'Dosya bu tür için çok büyük: fotoğraf en fazla 10 MB, ses ve PDF 20 MB, video 100 MB olabilir.',
    en: 'The file is too large for its type: photos up to 10 MB, voice and PDF 20 MB, video 100 MB.',
  },
  'attachment.extension': {
    tr: 'Dosya uzantısı bildirilen dosya türüyle uyuşmuyor.',
    en: 'The file extension does not match the declared file type.',
  },
  'attachment.id': { tr: 'Dosya kimliği geçersiz.', en: 'Invalid file id.' },
  'external-reference.system': {
    tr: 'Dış sistem adı küçük harf, rakam veya _.- içermeli (ör. cimer).',
    en: 'The external system name must be lower-case letters, digits or _.- (e.g. cimer).',
  },
  'external-reference.id': {
    tr: 'Dış başvuru numarası 1–100 karakter olmalı ve kontrol karakteri içermemelidir.',
    en: 'The external reference must be 1–100 characters without control characters.',
  },
  'external-reference.required': {
    tr: 'CİMER, e-Devlet ve Açık Kapı başvuruları kendi başvuru numarasıyla gönderilmelidir.',
    en: 'CİMER, e-Devlet and Açık Kapı requests must carry their own reference.',
  },
  'location.required': {
    tr: 'Bu iş türü için konum gereklidir: haritada işaretleyin veya adres girin.',
    en: 'This work type needs a location: drop a pin on the map or enter an address.',
  },
  // A work type's extra questions (work-type-questions.ts).
  'question.required': {
    tr: 'Bu soru bu iş türü için yanıtlanmalıdır.',
    en: 'This question must be answered for this work type.',
  },
  'question.one-answer': { tr: 'Bu soruya tek bir yanıt verin.', en: 'Give one answer to this question.' },
  'question.option': {
    tr: 'Yanıt, sorunun seçeneklerinden biri olmalıdır.',
    en: 'The answer must be one of the question’s options.',
  },
  'question.number': {
    tr: 'Yanıt bir sayı olmalıdır (ör. 3 veya 2,5).',
    en: 'The answer must be a number (e.g. 3 or 2.5).',
  },
  'question.datetime': {
    tr: 'Yanıt bir tarih ve saat olmalıdır (ör. 2026-12-07T14:30).',
    en: 'The answer must be a date and time (e.g. 2026-12-07T14:30).',
  },
  'question.too-many': { tr: 'En çok 20 soru yanıtlanabilir.', en: 'At most 20 questions can be answered.' },
  'work-type.unknown': { tr: 'Bu iş türü bulunamadı.', en: 'This work type does not exist.' },
  'tenant.id': { tr: 'Kurum kimliği geçersiz.', en: 'Invalid organisation id.' },
  'work-type.code': { tr: 'İş türü kodu geçersiz.', en: 'Invalid work type code.' },
  'case.id': { tr: 'Başvuru kimliği geçersiz.', en: 'Invalid case id.' },
  // Incidents (incident.ts).
  'incident.id': { tr: 'Olay kimliği geçersiz.', en: 'Invalid incident id.' },
  'incident.area-empty': {
    tr: 'Olayın alanı için en az bir mahalle, daire veya çokgen verin.',
    en: 'Give the incident area at least one neighbourhood, circle or polygon.',
  },
  'incident.text': {
    tr: 'Metin 3 karakterden kısa ya da çok uzun.',
    en: 'The text is too short or too long.',
  },
  'incident.title': { tr: 'Başlık 3–160 karakter olmalıdır.', en: 'The title must be 3–160 characters.' },
  'incident.work-types': {
    tr: 'Bir iş türü grubu ya da en az bir iş türü seçin.',
    en: 'Choose a work type group or at least one work type.',
  },
  'incident.tenant': {
    tr: 'Bu kurum şehrinizde yok ya da onun adına olay bildiremezsiniz.',
    en: 'This organisation is not in your city, or you may not declare incidents for it.',
  },
  'incident.neighbourhood': {
    tr: 'Bu mahalle bu ilçede bulunamadı.',
    en: 'This neighbourhood is not in this district.',
  },
  'incident.group': { tr: 'Bu iş türü grubu bulunamadı.', en: 'This work type group does not exist.' },
  'incident.expected-end': {
    tr: 'Tahmini bitiş, başlangıçtan sonra olmalıdır.',
    en: 'The expected end must be after the start.',
  },
  'tckn.invalid': {
    tr: 'Geçerli bir T.C. Kimlik No girin (11 hane, 0 ile başlamaz).',
    en: 'Enter a valid Turkish ID number (T.C. Kimlik No: 11 digits, not starting with 0).',
  },
  // Business calendar settings (business-calendar.ts).
  'calendar.time-of-day': {
    tr: 'Saati SS:DD biçiminde girin (ör. 08:30).',
    en: 'Enter the time as HH:MM (e.g. 08:30).',
  },
  'calendar.time-range': {
    tr: 'Bitiş saati başlangıç saatinden sonra olmalıdır.',
    en: 'The end time must be after the start time.',
  },
  'calendar.lunch-outside-hours': {
    tr: 'Öğle arası çalışma saatlerinin içinde olmalıdır.',
    en: 'The lunch break must lie within working hours.',
  },
  'calendar.weekend': {
    tr: 'Haftada en az bir çalışma günü olmalıdır.',
    en: 'At least one day of the week must be a working day.',
  },
  'calendar.closure-range': {
    tr: 'Kapalı olunan dönemin bitiş tarihi başlangıçtan önce olamaz.',
    en: 'A closure cannot end before it begins.',
  },
  // Analytics filters (analytics-contracts.ts).
  'analytics.day': { tr: 'Tarihi YYYY-AA-GG biçiminde girin.', en: 'Enter the date as YYYY-MM-DD.' },
  'analytics.range-order': {
    tr: 'Bitiş tarihi başlangıç tarihinden önce olamaz.',
    en: 'The end date cannot be before the start date.',
  },
  'analytics.range-too-long': {
    tr: 'Bir rapor en çok 366 günü kapsayabilir.',
    en: 'A report can cover at most 366 days.',
  },
  'analytics.bbox': {
    tr: 'Harita alanının kuzey sınırı güney sınırından küçük olamaz.',
    en: 'The map area’s north edge cannot be south of its south edge.',
  },
  // Exports and open data (case-list-export.ts, open-data.ts).
  'export.range-too-long': {
    tr: 'Bir dışa aktarım en çok 366 günü kapsayabilir.',
    en: 'An export can cover at most 366 days.',
  },
  'open-data.range-too-long': {
    tr: 'Açık veri en çok 31 günlük aralıklarla indirilebilir.',
    en: 'Open data can be downloaded for at most 31 days at a time.',
  },
  // Case workflow commands (case-commands.ts) and their rules (case-lifecycle.ts).
  'date.invalid': { tr: 'Tarihi YYYY-AA-GG biçiminde girin.', en: 'Enter the date as YYYY-MM-DD.' },
  'command.reason': {
    tr: 'Gerekçe 5 ile 500 karakter arasında olmalıdır.',
    en: 'The reason must be 5 to 500 characters long.',
  },
  'command.note': {
    tr: 'Not en çok 1000 karakter olabilir.',
    en: 'The note may be at most 1000 characters long.',
  },
  'command.public-answer': {
    tr: 'Vatandaşa verilecek yanıt 10 ile 2000 karakter arasında olmalıdır.',
    en: 'The answer to the citizen must be 10 to 2000 characters long.',
  },
  'command.internal-note': {
    tr: 'İç not 3 ile 2000 karakter arasında olmalıdır.',
    en: 'The internal note must be 3 to 2000 characters long.',
  },
  'command.assignee': {
    tr: 'Görevlendirilecek kişi veya ekip geçersiz.',
    en: 'The person or team to assign is not valid.',
  },
  'command.department': { tr: 'Birim kodu geçersiz.', en: 'Invalid department code.' },
  'split.children': {
    tr: 'Bir başvuru en az 2, en çok 10 alt başvuruya bölünebilir.',
    en: 'A case can be split into 2 to 10 sub-cases.',
  },
  'split.description': {
    tr: 'Alt başvuru açıklaması 3 ile 2000 karakter arasında olmalıdır.',
    en: 'A sub-case description must be 3 to 2000 characters long.',
  },
  'split.note': {
    tr: 'Bölme notu 3 ile 1000 karakter arasında olmalıdır.',
    en: 'The split note must be 3 to 1000 characters long.',
  },
  'evidence.institution': {
    tr: 'Kurum adı 2–160, telefonu 3–40 karakter, notu en çok 500 karakter olmalıdır.',
    en: "The institution's name must be 2–160 characters, its phone 3–40, its note at most 500.",
  },
  'evidence.attachment-id': { tr: 'Kanıt dosyası kimliği geçersiz.', en: 'Invalid evidence file id.' },
  'evidence.programme': {
    tr: 'Yatırım programı 2 ile 200 karakter arasında olmalıdır.',
    en: 'The investment programme must be 2 to 200 characters long.',
  },
  'evidence.reason': {
    tr: 'Gerekçe 5 ile 1000 karakter arasında olmalıdır.',
    en: 'The reason must be 5 to 1000 characters long.',
  },
  'evidence.legal-basis': {
    tr: 'Yasal dayanak 3 ile 300 karakter arasında olmalıdır.',
    en: 'The legal basis must be 3 to 300 characters long.',
  },
  'evidence.work-order': {
    tr: 'İş emri numarası 1 ile 64 karakter arasında olmalıdır.',
    en: 'The work order reference must be 1 to 64 characters long.',
  },
  'evidence.attempt-log': {
    tr: 'Ulaşma denemeleri kaydı 5 ile 2000 karakter arasında olmalıdır.',
    en: 'The contact attempt log must be 5 to 2000 characters long.',
  },
  'evidence.master-case-required': {
    tr: 'Mükerrer kayıt için asıl başvurunun kimliği gereklidir.',
    en: 'A duplicate needs the id of the original (master) case.',
  },
  'evidence.master-case-self': {
    tr: 'Bir başvuru kendisinin mükerreri olamaz.',
    en: 'A case cannot be a duplicate of itself.',
  },
  'evidence.institution-required': {
    tr: 'Yetkili kuruma yönlendirmede kurumun adı gereklidir.',
    en: 'A referral to an outside body needs the institution’s name.',
  },
  'evidence.planned-date-required': {
    tr: 'İş programına alınan başvuru için planlanan tarih gereklidir.',
    en: 'A scheduled case needs the planned date.',
  },
  'evidence.planned-date-past': {
    tr: 'Planlanan tarih geçmişte olamaz.',
    en: 'The planned date cannot be in the past.',
  },
  'evidence.programme-required': {
    tr: 'Yatırım programına alınan başvuru için program veya yıl gereklidir.',
    en: 'A planned investment needs the programme or budget year.',
  },
  'evidence.reason-required': {
    tr: 'Bu sonuç için gerekçe gereklidir.',
    en: 'This result needs a reason.',
  },
  'evidence.legal-basis-required': {
    tr: 'Talebin uygun görülmemesi için yasal dayanak gereklidir.',
    en: 'A refusal needs its legal basis.',
  },
  'evidence.attempt-log-required': {
    tr: 'Bu sonuç için ulaşma denemelerinin kaydı gereklidir.',
    en: 'This result needs the log of contact attempts.',
  },
  'evidence.photo-required': {
    tr: 'Saha işlerinde bu sonuç için en az bir kanıt fotoğrafı gereklidir.',
    en: 'For field work this result needs at least one evidence photo.',
  },
  'evidence.attachment-unknown': {
    tr: 'Kanıt olarak gösterilen dosya bu başvurunun kanıt dosyaları arasında yok.',
    en: 'The evidence file is not among this case’s evidence files.',
  },
  'result.referred-internal': {
    tr: 'Başka belediyeye veya BASKİ’ye aktarma bir sonuç değildir: aktarma işlemini kullanın.',
    en: 'Referring to another municipality or BASKİ is not a result: use transfer.',
  },
  'result.cancelled': {
    tr: 'Hatalı kayıt yalnızca iptal işlemiyle kapatılır.',
    en: 'An erroneous record is closed only by cancelling it.',
  },
  'result.not-at-first-contact': {
    tr: 'Bu sonuç ilk temasta verilemez: başvuru ilgili birime yönlendirilmelidir.',
    en: 'This result cannot be given at first contact: the case must be routed to a unit.',
  },
  'result.required': {
    tr: 'İlk temasta kapatmak için sonuç, vatandaşa yanıt ve iç not gereklidir.',
    en: 'Closing at first contact needs a result, an answer to the citizen and an internal note.',
  },
  'hold.resume-on-past': {
    tr: 'Devam tarihi geçmişte olamaz.',
    en: 'The resume date cannot be in the past.',
  },
  'hold.resume-on-too-far': {
    tr: 'Devam tarihi en çok bir yıl sonrası olabilir.',
    en: 'The resume date can be at most one year ahead.',
  },
  'route.tenant-unknown': { tr: 'Bu kurum bu ilde yok.', en: 'This organisation is not part of the city.' },
  'route.department-unknown': {
    tr: 'Bu birim bu kurumda yok.',
    en: 'This department does not exist in this organisation.',
  },
  'route.same-owner': {
    tr: 'Başvuru zaten bu kurum ve birimde.',
    en: 'The case is already with this organisation and department.',
  },
  'reclassify.unchanged': {
    tr: 'İş türü ve öncelik zaten bu değerlerde.',
    en: 'The work type and priority already have these values.',
  },
  'assign.unchanged': {
    tr: 'Başvuru zaten bu kişiye veya ekibe atanmış.',
    en: 'The case is already assigned to this person or team.',
  },
  'assignment.none': {
    tr: 'Başvuruda onaylanacak veya reddedilecek bir görevlendirme yok.',
    en: 'The case has no assignment to accept or decline.',
  },
  'assignment.already-accepted': {
    tr: 'Görevlendirme zaten onaylanmış.',
    en: 'The assignment has already been accepted.',
  },
  'split.child-duplicate': {
    tr: 'Aynı iş türü aynı birime iki kez verilemez.',
    en: 'The same work type cannot go to the same department twice.',
  },
  // Tenant boundaries uploaded as GeoJSON (boundary-validation.ts); the path and the
  // issue's params (segments, point, distance) say where.
  'boundary.not-geojson': {
    tr: 'Sınır bir GeoJSON geometrisi (veya Feature) olmalıdır.',
    en: 'The boundary must be a GeoJSON geometry (or Feature).',
  },
  'boundary.geometry-type': {
    tr: 'Sınır Polygon veya MultiPolygon türünde olmalıdır.',
    en: 'The boundary must be a Polygon or a MultiPolygon.',
  },
  'boundary.position': {
    tr: 'Her nokta [boylam, enlem] biçiminde iki sayı olmalıdır.',
    en: 'Each position must be two numbers, [longitude, latitude].',
  },
  'boundary.coordinate-range': {
    tr: 'Koordinat aralık dışında: boylam −180…180, enlem −90…90 olmalı (sıra [boylam, enlem]).',
    en: 'Coordinate out of range: longitude −180…180, latitude −90…90 (order [longitude, latitude]).',
  },
  'boundary.too-many-positions': {
    tr: 'Sınırda çok fazla nokta var; sadeleştirip yeniden yükleyin.',
    en: 'The boundary has too many positions; simplify it and upload again.',
  },
  'boundary.ring-too-short': {
    tr: 'Bir halka en az 4 noktadan oluşmalıdır (ilk nokta sonda tekrarlanır).',
    en: 'A ring needs at least 4 positions (the first is repeated at the end).',
  },
  'boundary.ring-not-closed': {
    tr: 'Halka kapalı değil: son nokta ilk noktayla aynı olmalıdır.',
    en: 'The ring is not closed: its last position must equal its first.',
  },
  'boundary.ring-degenerate': {
    tr: 'Halkanın alanı yok: noktaları tek bir çizgi üzerinde.',
    en: 'The ring has no area: its positions lie on one line.',
  },
  'boundary.self-intersection': {
    tr: 'Sınır kendini kesiyor: belirtilen iki kenar kesişiyor.',
    en: 'The boundary intersects itself: the two segments named cross.',
  },
  'boundary.hole-outside-shell': {
    tr: 'Boşluk (iç halka) dış halkanın dışında kalıyor.',
    en: 'A hole (inner ring) lies outside its outer ring.',
  },
  'boundary.holes-overlap': {
    tr: 'İki boşluk (iç halka) üst üste biniyor.',
    en: 'Two holes (inner rings) overlap.',
  },
  'boundary.polygons-overlap': {
    tr: 'MultiPolygon’un iki parçası üst üste biniyor.',
    en: 'Two polygons of the MultiPolygon overlap.',
  },
  'boundary.outside-city': {
    tr: 'Sınırın bir noktası il sınırının dışında.',
    en: 'A position of the boundary lies outside the city’s outline.',
  },
  'boundary.tenants-overlap': {
    tr: 'İki kurumun sınırları izin verilenden fazla örtüşüyor.',
    en: 'Two organisations’ boundaries overlap by more than allowed.',
  },
  // Outbound webhook subscriptions (outbound-webhooks.ts).
  'webhook.url': {
    tr: 'Geçerli bir adres girin (ör. https://sistem.belediye.bel.tr/kentmasasi).',
    en: 'Enter a valid URL (e.g. https://systems.example.org/citydesk).',
  },
  'webhook.url-https': {
    tr: 'Webhook adresi https:// ile başlamalıdır.',
    en: 'The webhook URL must start with https://.',
  },
  'webhook.url-credentials': {
    tr: 'Adreste kullanıcı adı veya parola olamaz; alıcı imzayı doğrulamalıdır.',
    en: 'The URL must not contain a user name or password; the receiver verifies the signature instead.',
  },
  'webhook.url-internal': {
    tr: 'Webhook adresi iç ağdaki bir adres olamaz.',
    en: 'The webhook URL must not point to an internal network address.',
  },
  'webhook.events': {
    tr: 'En az bir olay seçin; her olay bir kez seçilebilir.',
    en: 'Choose at least one event, each at most once.',
  },
  'webhook.description': {
    tr: 'Açıklama en çok 200 karakter olabilir.',
    en: 'The description may be at most 200 characters long.',
  },
  'webhook.nothing-to-change': {
    tr: 'Değiştirilecek bir alan gönderin (adres, olaylar, açıklama veya etkinlik).',
    en: 'Send at least one field to change (URL, events, description or active).',
  },
  // Notification templates (notification-templates.ts) and the dev outbox filter.
  'template.syntax': {
    tr: 'Şablonda hatalı süslü parantez var: değişkenler {{trackingNo}} biçiminde yazılır.',
    en: 'The template has stray braces: variables are written as {{trackingNo}}.',
  },
  'template.unknown-variable': {
    tr: 'Şablonda bilinmeyen bir değişken var. Kullanılabilenler: trackingNo, workType, organisation, publicAnswer, trackLink, surveyLink.',
    en: 'The template names an unknown variable. Available: trackingNo, workType, organisation, publicAnswer, trackLink, surveyLink.',
  },
  'template.variable-unavailable': {
    tr: 'Bu değişken bu bildirimde yok (ör. sonuç metni yalnızca sonuç bildirimlerinde, anket bağlantısı yalnızca ankette).',
    en: 'This variable does not exist for this notice (e.g. the answer only in result notices, the survey link only in the survey).',
  },
  'template.subject-required': {
    tr: 'E-posta şablonunun konusu olmalıdır.',
    en: 'An e-mail template needs a subject.',
  },
  'template.subject-not-allowed': {
    tr: 'SMS şablonunun konusu olmaz.',
    en: 'An SMS template has no subject.',
  },
  'template.sms-too-long': {
    tr: 'SMS örnek değerlerle 3 parçayı aşıyor; metni kısaltın (Türkçe karakterler parça başına yeri azaltır).',
    en: 'With sample values the SMS exceeds 3 segments; shorten it (Turkish letters reduce the room per segment).',
  },
  'tracking-number.invalid': {
    tr: 'Takip numarası 12 haneden oluşur (ör. 4827-3915-0266).',
    en: 'A tracking number has 12 digits (e.g. 4827-3915-0266).',
  },
  // User administration (user-administration.ts) and the CSV bulk import (user-import.ts).
  'user.username': {
    tr: 'Kullanıcı adı 3–64 karakter olmalı; küçük harf, rakam, nokta, tire veya alt çizgi içerebilir (ör. ayse.yilmaz).',
    en: 'The username must be 3–64 characters: lower-case letters, digits, dots, hyphens or underscores (e.g. ayse.yilmaz).',
  },
  'user.email': { tr: 'Geçerli bir e-posta adresi girin.', en: 'Enter a valid e-mail address.' },
  'user.display-name': {
    tr: 'Ad soyad 2–100 karakter olmalıdır.',
    en: 'The full name must be 2–100 characters.',
  },
  'user.department': { tr: 'Birim kodu geçersiz (ör. FEN).', en: 'Invalid department code (e.g. FEN).' },
  'user.role': { tr: 'Bilinmeyen rol.', en: 'Unknown role.' },
  'user.roles-required': { tr: 'En az bir rol seçin.', en: 'Choose at least one role.' },
  'user.roles-duplicate': { tr: 'Bir rol iki kez seçilmiş.', en: 'A role is listed twice.' },
  'user.nothing-to-change': {
    tr: 'Değiştirilecek bir alan gönderin: roller, birim veya ad soyad.',
    en: 'Send something to change: roles, department or full name.',
  },
  'user.unknown-tenant': { tr: 'Böyle bir kurum yok.', en: 'There is no such organisation.' },
  'user.unknown-department': {
    tr: 'Bu birim kentin birim listesinde yok.',
    en: "This department is not in the city's list of departments.",
  },
  'user.neighbourhood-required': {
    tr: 'Muhtar için mahalle gereklidir.',
    en: 'A muhtar needs a neighbourhood.',
  },
  'user.neighbourhood-only-muhtar': {
    tr: 'Mahalle yalnızca muhtarlar için girilir.',
    en: 'A neighbourhood is given for muhtars only.',
  },
  'user.unknown-neighbourhood': {
    tr: 'Bu mahalle kurumun mahalleleri arasında yok.',
    en: "This neighbourhood is not one of the organisation's.",
  },
  'user.role-not-allowed': {
    tr: 'Bu rolü bu kurumda veremezsiniz.',
    en: 'You may not give this role in this organisation.',
  },
  'user-import.empty': { tr: 'Dosya boş.', en: 'The file is empty.' },
  'user-import.unreadable': {
    tr: 'Dosya CSV olarak okunamadı (kapanmayan tırnak olabilir).',
    en: 'The file could not be read as CSV (perhaps an unclosed quote).',
  },
  'user-import.missing-column': {
    tr: 'Başlık satırında bu sütun yok.',
    en: 'The header row lacks this column.',
  },
  'user-import.too-many-rows': {
    tr: 'Bir dosyada en fazla 500 kullanıcı olabilir; dosyayı bölün.',
    en: 'A file may hold at most 500 users; split it.',
  },
  'user-import.invalid-username': {
    tr: 'Kullanıcı adı geçersiz: 3–64 karakter; küçük harf, rakam, nokta, tire, alt çizgi.',
    en: 'Invalid username: 3–64 characters; lower-case letters, digits, dots, hyphens, underscores.',
  },
  'user-import.invalid-email': { tr: 'E-posta adresi geçersiz.', en: 'Invalid e-mail address.' },
  'user-import.missing-name': { tr: 'Ad soyad eksik.', en: 'The full name is missing.' },
  'user-import.missing-role': { tr: 'Rol eksik.', en: 'The role is missing.' },
  'user-import.unknown-role': {
    tr: 'Bilinmeyen rol (ör. personel, birim sorumlusu, staff, supervisor).',
    en: 'Unknown role (e.g. staff, supervisor, personel, birim sorumlusu).',
  },
  'user-import.role-not-allowed': {
    tr: 'Bu rolü bu kurumda veremezsiniz.',
    en: 'You may not give this role in this organisation.',
  },
  'user-import.unknown-department': { tr: 'Bilinmeyen birim.', en: 'Unknown department.' },
  'user-import.neighbourhood-required': {
    tr: 'Muhtar için mahalle gereklidir.',
    en: 'A muhtar needs a neighbourhood.',
  },
  'user-import.neighbourhood-only-muhtar': {
    tr: 'Mahalle yalnızca muhtarlar için girilir.',
    en: 'A neighbourhood is given for muhtars only.',
  },
  'user-import.unknown-neighbourhood': {
    tr: 'Bu mahalle kurumun mahalleleri arasında yok.',
    en: "This neighbourhood is not one of the organisation's.",
  },
  'user-import.duplicate-in-file': {
    tr: 'Dosyada daha önceki bir satırda da var.',
    en: 'Also on an earlier row of the file.',
  },
  'user-import.already-exists': {
    tr: 'Bu kullanıcı adı veya e-postayla bir hesap zaten var.',
    en: 'An account with this username or e-mail already exists.',
  },
  // Satisfaction surveys (satisfaction-survey.ts).
  'survey.token': {
    tr: 'Anket bağlantısı geçersiz.',
    en: 'The survey link is invalid.',
  },
  'survey.score': {
    tr: '1 ile 5 arasında bir puan seçin.',
    en: 'Choose a score from 1 to 5.',
  },
  'survey.comment': {
    tr: 'Yorum en çok 300 karakter olabilir.',
    en: 'The comment may be at most 300 characters long.',
  },
  'survey.range': {
    tr: 'Bitiş tarihi başlangıçtan önce olamaz; aralık en çok üç yıl olabilir.',
    en: 'The end date may not be before the start; the range may be at most three years.',
  },
} as const satisfies Record<string, LocalizedText>;

export type ValidationMessageKey = keyof typeof validationMessages;

export function isValidationMessageKey(message: string): message is ValidationMessageKey {
  return Object.hasOwn(validationMessages, message);
}
