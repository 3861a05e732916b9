// The console's side of the appeal flow: which dialog asks for what, the bodies it posts, the
// deadline badges, and that every status, action and handler has a Chinese label.
import { describe, expect, it } from 'vitest'
import zhCN from '../i18n/zh-CN.js'
import en from '../i18n/en.js'
import {
  ACTIONS_BY_STATUS, APPEAL_ACTIONS, APPEAL_STATUSES, ASSIGNABLE_HANDLERS, actionFields, appealDeadlines,
  buildCallback, buildCategory, buildIntake, buildTransition, deadlineState, emptyActionForm, limitText,
  photoProblem, placeBody, statusTagType, truncate,
} from './appeals.js'

const form = (over = {}) => ({ ...emptyActionForm(), ...over })

describe('labels', () => {
  it('name the statuses and actions as the contract does', () => {
    const s = zhCN.enums.appealStatus
    expect([s.submitted, s.accepted, s.in_progress, s.returned, s.resolved, s.closed, s.merged]).toEqual(['待受理', '已受理', '处理中', '已退回', '已办结', '已关闭', '已合并'])
    const a = zhCN.enums.appealAction
    expect(APPEAL_ACTIONS.map((x) => a[x])).toEqual(['受理', '分派', '开始办理', '办结', '退回', '延期', '上报', '重新办理', '关闭', '合并', '备注', '列入议事'])
    expect(ASSIGNABLE_HANDLERS.map((h) => zhCN.enums.appealHandler[h])).toEqual(['物业', '业委会', '党支部', '党员', '民警调解室'])
  })
  it('have a note label for every action in both languages', () => {
    for (const action of APPEAL_ACTIONS) {
      expect(zhCN.appeals.noteLabel[action], action).toBeTruthy()
      expect(en.appeals.noteLabel[action], action).toBeTruthy()
    }
  })
  it('only use actions and statuses the contract knows', () => {
    expect(Object.keys(ACTIONS_BY_STATUS).sort()).toEqual([...APPEAL_STATUSES].sort())
    for (const list of Object.values(ACTIONS_BY_STATUS)) for (const a of list) expect(APPEAL_ACTIONS).toContain(a)
  })
  it('colour statuses', () => {
    expect(statusTagType('submitted')).toBe('warning')
    expect(statusTagType('resolved')).toBe('success')
    expect(statusTagType('returned')).toBe('danger')
    expect(statusTagType('merged')).toBe('info')
  })
})

describe('action dialogs', () => {
  it('ask for what each action needs', () => {
    expect(actionFields('resolve')).toEqual({ fields: ['note', 'photos'], required: ['note'] })
    expect(actionFields('extend').required).toEqual(['extend', 'note'])
    expect(actionFields('assign').fields).toContain('handler')
    expect(actionFields('merge').fields).toContain('merge_into')
    for (const a of ['return', 'escalate', 'close', 'reopen']) expect(actionFields(a).required).toEqual(['note'])
    expect(actionFields('accept').required).toEqual([])
  })
  it('build the transition bodies of the contract', () => {
    expect(buildTransition('accept', form())).toEqual({ body: { action: 'accept' } })
    expect(buildTransition('start', form({ note: ' 马上去 ' }))).toEqual({ body: { action: 'start', note: '马上去' } })
    expect(buildTransition('resolve', form({ note: '已修好', photo_ids: [4, 5] }))).toEqual({ body: { action: 'resolve', note: '已修好', photo_ids: [4, 5] } })
    expect(buildTransition('assign', form({ handler: 'member', assignee_account_id: '12' }))).toEqual({ body: { action: 'assign', handler: 'member', assignee_account_id: 12 } })
    expect(buildTransition('extend', form({ extend_value: 3, extend_unit: 'working_days', note: '等配件' }))).toEqual({
      body: { action: 'extend', note: '等配件', extend_by: { value: 3, unit: 'working_days' } },
    })
    expect(buildTransition('merge', form({ merge_into: 9 }), 12)).toEqual({ body: { action: 'merge', merge_into: 9 } })
    expect(buildTransition('agenda', form({ agenda: '6月联席会议' }))).toEqual({ body: { action: 'agenda', agenda: '6月联席会议' } })
    expect(buildTransition('note', form({ note: '内部', public: false }))).toEqual({ body: { action: 'note', note: '内部', public: false } })
    expect(buildTransition('escalate', form({ note: '需要街道协调' }))).toEqual({ body: { action: 'escalate', note: '需要街道协调' } })
  })
  it('refuse what the server would refuse', () => {
    expect(buildTransition('resolve', form({ note: '  ' })).error).toEqual({ field: 'note', reason: 'required' })
    expect(buildTransition('return', form()).error.field).toBe('note')
    expect(buildTransition('assign', form()).error).toEqual({ field: 'handler', reason: 'required' })
    expect(buildTransition('extend', form({ extend_value: 11, extend_unit: 'working_days', note: 'x' })).error.reason).toBe('too_long')
    expect(buildTransition('extend', form({ extend_value: 0, note: 'x' })).error.reason).toBe('positive')
    expect(buildTransition('extend', form({ extend_value: 240, extend_unit: 'hours', note: 'x' })).body.extend_by).toEqual({ value: 240, unit: 'hours' })
    expect(buildTransition('merge', form({ merge_into: 12 }), 12).error.reason).toBe('self')
    expect(buildTransition('merge', form()).error.field).toBe('merge_into')
    expect(buildTransition('resolve', form({ note: 'x', photo_ids: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] })).error.reason).toBe('too_many')
    expect(buildTransition('agenda', form()).error.field).toBe('agenda')
  })
  it('build the callback', () => {
    expect(buildCallback({ contacted: true, solved: true, result: 'basically', note: '' })).toEqual({ body: { contacted: true, solved: true, result: 'basically' } })
    expect(buildCallback({ contacted: false, solved: true, result: 'satisfied', note: '无人接听' })).toEqual({ body: { contacted: false, note: '无人接听' } })
    expect(buildCallback({ contacted: null }).error.field).toBe('contacted')
  })
})

describe('deadlines', () => {
  const now = Date.parse('2026-03-10T12:00:00+08:00')
  it('say met, late, overdue or pending', () => {
    expect(deadlineState('2026-03-10T10:00:00+08:00', null, now)).toBe('overdue')
    expect(deadlineState('2026-03-10T14:00:00+08:00', null, now)).toBe('pending')
    expect(deadlineState('2026-03-10T10:00:00+08:00', '2026-03-10T09:00:00+08:00', now)).toBe('met')
    expect(deadlineState('2026-03-10T10:00:00+08:00', '2026-03-10T11:00:00+08:00', now)).toBe('late')
    expect(deadlineState(null, null, now)).toBe('none')
  })
  it('stop running when the appeal is closed or merged', () => {
    const a = { status: 'in_progress', respond_by: '2026-03-09T12:00:00+08:00', responded_at: '2026-03-09T10:00:00+08:00', resolve_by: '2026-03-10T00:00:00+08:00' }
    expect(appealDeadlines(a, now)).toEqual({ respond: 'met', resolve: 'overdue' })
    expect(appealDeadlines({ ...a, status: 'merged' }, now)).toEqual({ respond: 'met', resolve: 'none' })
    expect(appealDeadlines({ ...a, status: 'resolved', resolved_at: '2026-03-09T20:00:00+08:00' }, now)).toEqual({ respond: 'met', resolve: 'met' })
  })
})

describe('forms', () => {
  it('cut long descriptions by characters', () => {
    expect(truncate('电梯坏了', 10)).toBe('电梯坏了')
    expect(truncate('一二三四五六七八九十十一', 10)).toBe('一二三四五六七八九十…')
    expect(truncate('a\n\n b', 10)).toBe('a b')
    expect(truncate(null)).toBe('')
  })
  it('check photos before uploading', () => {
    expect(photoProblem({ type: 'image/jpeg', size: 1000 })).toBe(null)
    expect(photoProblem({ type: 'image/heic', size: 1000 })).toBe('type')
    expect(photoProblem({ type: 'image/png', size: 6 * 1024 * 1024 })).toBe('size')
  })
  it('give the place as one of household, building or text', () => {
    expect(placeBody({ kind: 'household', household_id: '7' })).toEqual({ household_id: 7 })
    expect(placeBody({ kind: 'building', building_id: 3 })).toEqual({ building_id: 3 })
    expect(placeBody({ kind: 'public', text: ' 南门 ' })).toEqual({ text: '南门' })
    expect(placeBody({ kind: 'household' })).toBe(null)
  })
  it('build an intake of several problems, skipping empty rows', () => {
    const { body } = buildIntake('5', {
      channel: 'door_knock',
      contact_name: '王阿姨',
      contact_phone: '13900000001',
      place: { kind: 'household', household_id: 31 },
      problems: [
        { category: 'environment', description: '楼道堆放杂物', place_text: '' },
        { category: '', description: '', place_text: '' },
        { category: 'parking', description: '消防通道停车', place_text: '北门' },
      ],
    })
    expect(body).toEqual({
      estate_id: 5,
      channel: 'door_knock',
      contact_name: '王阿姨',
      contact_phone: '13900000001',
      place: { household_id: 31 },
      problems: [
        { category: 'environment', description: '楼道堆放杂物' },
        { category: 'parking', description: '消防通道停车', place: { text: '北门' } },
      ],
    })
  })
  it('name the row and field of an intake mistake', () => {
    const base = { channel: 'hotline', place: { kind: 'public', text: '南门' } }
    expect(buildIntake(5, { ...base, problems: [{ category: 'x', description: 'y' }, { category: 'x', description: '' }] }).error).toEqual({ field: 'description', reason: 'required', row: 1 })
    expect(buildIntake(5, { ...base, problems: [{ category: '', description: '' }] }).error.field).toBe('problems')
    expect(buildIntake(5, { ...base, contact_phone: '123', problems: [{ category: 'x', description: 'y' }] }).error.field).toBe('contact_phone')
    expect(buildIntake(5, { ...base, place: { kind: 'building' }, problems: [{ category: 'x', description: 'y' }] }).error.field).toBe('place')
    expect(buildIntake(5, { ...base, channel: '', problems: [] }).error.field).toBe('channel')
  })
  it('build a category', () => {
    const f = { code: 'lift', name: '电梯', name_en: 'Lift', handler: 'property', respond: { value: 2, unit: 'hours' }, resolve: { value: 3, unit: 'working_days' }, active: true, sort: 5 }
    expect(buildCategory(f)).toEqual({ body: { ...f } })
    expect(buildCategory({ ...f, code: 'Lift!' }).error.field).toBe('code')
    expect(buildCategory({ ...f, respond: { value: 0, unit: 'hours' } }).error.field).toBe('respond')
    expect(buildCategory({ ...f, sort: null }).body.sort).toBeUndefined()
    expect(limitText({ value: 3, unit: 'working_days' }, (u) => zhCN.enums.deadlineUnit[u])).toBe('3 个工作日')
  })
})
