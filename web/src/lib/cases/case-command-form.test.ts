import { CaseCommand } from '@citydesk/domain';
import { describe, expect, it } from 'vitest';
import {
  buildCommand,
  caseIdFromInput,
  checkCommand,
  controlId,
  emptyActionValues,
  evidenceInputs,
  normalisePath,
  orderedActions,
  resultCodesFor,
  resultStageOf,
} from './case-command-form.ts';

const MASTER = '01JDQ7Z8K6Y3W2V1T0S9R8Q7P6';
const ctx = { expectedVersion: 4, status: 'IN_PROGRESS' as const, fieldWork: true };

describe('which actions, in which order', () => {
  it('puts the forward step first, the undoing ones last, and keeps unknown names out', () => {
    expect(orderedActions(['cancel', 'transfer', 'accept', 'return', 'assign', 'teleport'])).toEqual([
      'accept',
      'assign',
      'transfer',
      'return',
      'cancel',
    ]);
  });

  it('knows which result form each closing action shows', () => {
    expect(resultStageOf('resolve', 'IN_PROGRESS')).toBe('resolve');
    expect(resultStageOf('close', 'TRIAGE')).toBe('first-contact');
    expect(resultStageOf('close', 'RESOLVED')).toBe('confirm');
    expect(resultStageOf('hold', 'IN_PROGRESS')).toBeUndefined();
  });

  it('offers results, never transfer or cancel codes, and only first-contact ones at intake', () => {
    const resolve = resultCodesFor('resolve');
    expect(resolve).toContain('RESOLVED');
    expect(resolve).not.toContain('REFERRED_INTERNAL');
    expect(resolve).not.toContain('CANCELLED');
    const first = resultCodesFor('first-contact');
    expect(first).toEqual(
      expect.arrayContaining(['INFO_GIVEN', 'REFERRED_EXTERNAL', 'DUPLICATE', 'INVALID']),
    );
    expect(first).not.toContain('RESOLVED');
  });
});

describe('the evidence each result code asks for', () => {
  it('asks for photos on field work only, plus each code’s own evidence', () => {
    expect(evidenceInputs('RESOLVED', true)).toEqual([
      { input: 'photos', required: true },
      { input: 'workOrderRef', required: false },
    ]);
    expect(evidenceInputs('RESOLVED', false)).toEqual([{ input: 'workOrderRef', required: false }]);
    expect(evidenceInputs('DUPLICATE', false)).toEqual([{ input: 'masterCaseId', required: true }]);
    expect(evidenceInputs('REFERRED_EXTERNAL', false)).toEqual([{ input: 'institution', required: true }]);
    expect(evidenceInputs('SCHEDULED', true).map((e) => e.input)).toEqual(['plannedDate', 'photos']);
    expect(evidenceInputs('REJECTED', false)).toEqual([
      { input: 'reason', required: true },
      { input: 'legalBasis', required: true },
    ]);
    expect(evidenceInputs('CITIZEN_UNREACHABLE', false)).toEqual([{ input: 'attemptLog', required: true }]);
  });

  it('reads the master case id out of a pasted address', () => {
    expect(caseIdFromInput(`http://127.0.0.1:3000/en/panel/basvuru?id=${MASTER}`)).toBe(MASTER);
    expect(caseIdFromInput(`  ${MASTER.toLowerCase()} `)).toBe(MASTER);
  });
});

describe('building and checking commands', () => {
  it('builds a resolve with the photos as evidence, which the domain schema accepts', () => {
    const v = emptyActionValues();
    v.resultCode = 'RESOLVED';
    v.publicAnswer = '  Çukur asfaltla kapatıldı, yol güvenle kullanılabilir.  ';
    v.internalNote = 'Ekip 2 saat çalıştı.';
    v.evidence.attachmentIds = ['01JDQ7Z8K6Y3W2V1T0S9R8Q7P7'];
    v.evidence.masterCase = MASTER; // not asked for RESOLVED: must not leak into the command
    const command = buildCommand('resolve', v, ctx);
    expect(command).toEqual({
      action: 'resolve',
      expectedVersion: 4,
      resultCode: 'RESOLVED',
      publicAnswer: 'Çukur asfaltla kapatıldı, yol güvenle kullanılabilir.',
      internalNote: 'Ekip 2 saat çalıştı.',
      evidence: { attachmentIds: ['01JDQ7Z8K6Y3W2V1T0S9R8Q7P7'] },
    });
    expect(CaseCommand.safeParse(command).success).toBe(true);
    expect(checkCommand(command, true)).toEqual([]);
  });

  it('reports the missing photo, answer and note on their fields', () => {
    const v = emptyActionValues();
    v.resultCode = 'RESOLVED';
    v.publicAnswer = 'kısa';
    const problems = checkCommand(buildCommand('resolve', v, ctx), true);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'publicAnswer', message: 'command.public-answer' },
        { path: 'internalNote', message: 'command.internal-note' },
        { path: 'evidence.attachmentIds', message: 'evidence.photo-required' },
      ]),
    );
  });

  it('asks for a result code, then for the code’s evidence', () => {
    const v = emptyActionValues();
    v.publicAnswer = 'Bu konu daha önce bildirilmiş, o başvurudan takip edilecek.';
    v.internalNote = 'Mükerrer.';
    expect(checkCommand(buildCommand('close', v, { ...ctx, status: 'TRIAGE' }), false)).toContainEqual({
      path: 'resultCode',
      message: 'required',
    });
    v.resultCode = 'DUPLICATE';
    expect(checkCommand(buildCommand('close', v, { ...ctx, status: 'TRIAGE' }), false)).toEqual([
      { path: 'evidence.masterCaseId', message: 'evidence.master-case-required' },
    ]);
    v.evidence.masterCase = MASTER;
    const command = buildCommand('close', v, { ...ctx, status: 'TRIAGE' });
    expect(command.evidence).toEqual({ masterCaseId: MASTER });
    expect(checkCommand(command, false)).toEqual([]);
  });

  it('confirms a resolved case with the version only, unless the result is corrected', () => {
    const v = emptyActionValues();
    expect(buildCommand('close', v, { ...ctx, status: 'RESOLVED' })).toEqual({
      action: 'close',
      expectedVersion: 4,
    });
    v.correctResult = true;
    v.resultCode = 'INFO_GIVEN';
    v.publicAnswer = 'Başvurunuz hakkında bilgi verildi.';
    v.internalNote = 'Düzeltildi.';
    expect(buildCommand('close', v, { ...ctx, status: 'RESOLVED' })).toMatchObject({
      resultCode: 'INFO_GIVEN',
    });
  });

  it('builds the institution of an external referral and checks its parts', () => {
    const v = emptyActionValues();
    v.resultCode = 'REFERRED_EXTERNAL';
    v.publicAnswer = 'Sokak aydınlatması UEDAŞ’ın görevidir; 186’yı arayın.';
    v.internalNote = 'UEDAŞ.';
    v.evidence.institutionPhone = '186';
    const command = buildCommand('resolve', v, ctx);
    expect(command.evidence).toEqual({ institution: { name: '', phone: '186' } });
    expect(checkCommand(command, false)).toEqual([
      { path: 'evidence.institution.name', message: 'evidence.institution' },
    ]);
  });

  it('asks to choose an organisation, unit and reason for a transfer', () => {
    const v = emptyActionValues();
    const problems = checkCommand(buildCommand('transfer', v, ctx), true);
    expect(problems).toEqual([
      { path: 'tenantId', message: 'required' },
      { path: 'departmentCode', message: 'required' },
      { path: 'reason', message: 'command.reason' },
    ]);
    v.tenantId = 'baski';
    v.departmentCode = 'SU_ISLETME';
    v.reason = 'Şebeke suyu arızası, BASKİ’nin işi.';
    expect(checkCommand(buildCommand('transfer', v, ctx), true)).toEqual([]);
  });

  it('builds an assignment from the directory choice, and asks for one when none is chosen', () => {
    const v = emptyActionValues();
    expect(checkCommand(buildCommand('assign', v, ctx), true)).toEqual([
      { path: 'assignee', message: 'required' },
    ]);
    v.assignee = 'user:3f6c-sub';
    expect(buildCommand('assign', v, { ...ctx, assigneeName: 'karesi.staff' })).toEqual({
      action: 'assign',
      expectedVersion: 4,
      assignee: { kind: 'user', id: '3f6c-sub', name: 'karesi.staff' },
    });
  });

  it('builds a split with one problem per empty child field', () => {
    const v = emptyActionValues();
    v.note = 'Yol ve su arızası birlikte.';
    v.children[0] = {
      workTypeCode: 'ROAD-POTHOLE-LOCAL',
      tenantId: 'balikesir-karesi',
      departmentCode: 'FEN',
      description: '',
    };
    const problems = checkCommand(buildCommand('split', v, ctx), true);
    expect(problems).toEqual([
      { path: 'children.1.workTypeCode', message: 'required' },
      { path: 'children.1.tenantId', message: 'required' },
      { path: 'children.1.departmentCode', message: 'required' },
    ]);
  });

  it('builds hold and reopen with their own fields', () => {
    const v = emptyActionValues();
    v.holdReason = 'material';
    v.resumeOn = '2026-12-01';
    v.note = ' Asfalt bekleniyor ';
    expect(buildCommand('hold', v, ctx)).toEqual({
      action: 'hold',
      expectedVersion: 4,
      reason: 'material',
      resumeOn: '2026-12-01',
      note: 'Asfalt bekleniyor',
    });
    v.reason = 'Vatandaş sorunun sürdüğünü bildirdi.';
    v.requestedBy = 'staff';
    expect(buildCommand('reopen', v, ctx)).toEqual({
      action: 'reopen',
      expectedVersion: 4,
      reason: 'Vatandaş sorunun sürdüğünü bildirdi.',
      requestedBy: 'staff',
    });
  });
});

describe('mapping problems onto fields', () => {
  it('accepts dotted and JSON-pointer paths and folds list items into their control', () => {
    expect(normalisePath('/evidence/attachmentIds/0')).toBe('evidence.attachmentIds');
    expect(normalisePath('body.publicAnswer')).toBe('publicAnswer');
    expect(normalisePath('evidence.institution')).toBe('evidence.institution.name');
    expect(controlId('evidence.plannedDate')).toBe('act-evidence-plannedDate');
    expect(controlId('children.1.tenantId')).toBe('act-children-1-tenantId');
  });
});
