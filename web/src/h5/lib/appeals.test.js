import { describe, expect, it } from 'vitest'
import {
  MAX_PHOTO_BYTES, STATUSES, activeCategories, categoryIcon, charCount, checkPhotoFile, durationParts,
  formFieldOf, formatDuration, formatRate, handlerKey, homeIn, hoursBetween, isPast, maskPhone,
  deadlineTime, needsRating, newIdempotencyKey, newestFirst, timelineNote, photoErrorKey, placeKinds, placePayload, placeText, ratingKey,
  ratingResult, shortTime, statusKey, statusTagType, timelineKey, userEstates,
} from './appeals.js'
import zhCN from '../i18n/zh-CN.js'

// A stand-in for vue-i18n's t over the Chinese messages ({n} placeholders only).
function t(key, params = {}) {
  const msg = key.split('.').reduce((o, k) => (o ? o[k] : undefined), zhCN)
  if (typeof msg !== 'string') throw new Error(`missing ${key}`)
  return msg.replace(/\{(\w+)\}/g, (_, k) => String(params[k]))
}

describe('statuses', () => {
  it('has a Chinese label and a tag type for every status', () => {
    expect(STATUSES.map((s) => t(statusKey(s)))).toEqual(['待受理', '已受理', '处理中', '已办结', '已关闭', '已退回', '已合并'])
    expect(statusTagType('resolved')).toBe('success')
    expect(statusTagType('submitted')).toBe('warning')
    expect(statusTagType('in_progress')).toBe('primary')
    expect(statusTagType('closed')).toBe('default')
  })
  it('falls back for values it does not know', () => {
    expect(statusKey('weird')).toBe('status.unknown')
    expect(statusTagType('weird')).toBe('default')
    expect(ratingKey('x')).toBe('rating.none')
    expect(handlerKey('x')).toBe('handler.unknown')
    expect(timelineKey('rate')).toBe('timeline.rate')
    expect(timelineKey('x')).toBe('timeline.other')
    expect(t(ratingKey('basically'))).toBe('基本满意')
  })
})

describe('photo checks', () => {
  const file = (type, size) => ({ name: 'a', type, size })
  it('accepts the four image types up to 5 MiB', () => {
    for (const type of ['image/jpeg', 'image/png', 'image/gif', 'image/webp']) expect(checkPhotoFile(file(type, 1000))).toBeNull()
    expect(checkPhotoFile(file('image/png', MAX_PHOTO_BYTES))).toBeNull()
  })
  it('refuses other files, empty ones and larger ones with a reason', () => {
    expect(checkPhotoFile(file('text/plain', 10))).toBe('photo.notImage')
    expect(checkPhotoFile(file('', 10))).toBe('photo.notImage')
    expect(checkPhotoFile(file('image/svg+xml', 10))).toBe('photo.notImage')
    expect(checkPhotoFile(file('image/png', MAX_PHOTO_BYTES + 1))).toBe('photo.tooLarge')
    expect(checkPhotoFile(file('image/png', 0))).toBe('photo.empty')
    expect(t('photo.notImage')).toMatch(/^不是图片/)
    expect(t('photo.tooLarge')).toMatch(/^超过5MB/)
  })
  it('recognises the server answers about photos', () => {
    expect(photoErrorKey({ status: 413, code: 'payload_too_large', message: 'photo is larger than 5 MiB' })).toBe('photo.tooLarge')
    expect(photoErrorKey({ status: 400, code: 'invalid_argument', message: 'Content-Type must be image/jpeg, image/png, image/gif or image/webp' })).toBe('photo.notImage')
    expect(photoErrorKey({ status: 400, code: 'invalid_argument', message: 'the body is not an image' })).toBe('photo.notImage')
    expect(photoErrorKey({ status: 400, code: 'invalid_argument', message: 'the file is not a JPEG, PNG, GIF or WebP image; take a photo or pick a picture' })).toBe('photo.notImage')
    expect(photoErrorKey({ status: 413, code: 'payload_too_large', message: 'the photo is 6000 KiB; at most 5 MiB is allowed' })).toBe('photo.tooLarge')
    expect(photoErrorKey({ status: 400, code: 'invalid_argument', message: 'the photo is empty; send the image as the body' })).toBe('photo.empty')
    // A declared type that does not match the file: the server's own sentence is shown.
    expect(photoErrorKey({ status: 400, code: 'invalid_argument', message: 'Content-Type says image/png but the file is image/jpeg; send Content-Type: image/jpeg' })).toBeNull()
    expect(photoErrorKey({ status: 500, code: 'internal', message: 'disk full' })).toBeNull()
  })
})

describe('durations and times', () => {
  it('splits hours into days, hours and minutes', () => {
    expect(durationParts(26.5)).toEqual({ days: 1, hours: 2, minutes: 30 })
    expect(durationParts(-3)).toEqual({ days: 0, hours: 0, minutes: 0 })
  })
  it('formats for people, dropping minutes once it runs into days', () => {
    expect(formatDuration(0.75, t)).toBe('45分钟')
    expect(formatDuration(3 + 20 / 60, t)).toBe('3小时20分钟')
    expect(formatDuration(53.3, t)).toBe('2天5小时')
    expect(formatDuration(48, t)).toBe('2天')
    expect(formatDuration(0.001, t)).toBe('不到1分钟')
    expect(formatDuration(null, t)).toBe('')
    expect(formatDuration('abc', t)).toBe('')
    const en = (key, p) => ({ 'duration.days': `${p?.n} d`, 'duration.hours': `${p?.n} h`, 'duration.minutes': `${p?.n} min` })[key]
    expect(formatDuration(26.5, en, ' ')).toBe('1 d 2 h')
  })
  it('measures hours between two times', () => {
    expect(hoursBetween('2026-03-01T09:00:00+08:00', '2026-03-01T12:30:00+08:00')).toBe(3.5)
    expect(hoursBetween(null, '2026-03-01T12:30:00+08:00')).toBeNull()
  })
  it('shows times as sent, without the year in the current year', () => {
    const now = new Date('2026-06-01T00:00:00+08:00')
    expect(shortTime('2026-05-21T14:03:09+08:00', now)).toBe('05-21 14:03')
    expect(shortTime('2025-12-31T23:59:00+08:00', now)).toBe('2025-12-31 23:59')
    expect(shortTime('', now)).toBe('')
  })
  it('shows a deadline at midnight as 24:00 of the day before', () => {
    const now = new Date('2026-06-01T00:00:00+08:00')
    expect(deadlineTime('2026-11-26T00:00:00+08:00', now)).toBe('11-25 24:00')
    expect(deadlineTime('2026-01-01T00:00:00+08:00', now)).toBe('2025-12-31 24:00')
    expect(deadlineTime('2026-03-01T00:00:00+08:00', now)).toBe('02-28 24:00')
    expect(deadlineTime('2026-11-23T11:36:00+08:00', now)).toBe('11-23 11:36')
    expect(deadlineTime(null, now)).toBe('')
  })
  it('tells whether a deadline has passed', () => {
    const now = new Date('2026-03-02T00:00:00+08:00')
    expect(isPast('2026-03-01T23:59:59+08:00', now)).toBe(true)
    expect(isPast('2026-03-02T00:00:01+08:00', now)).toBe(false)
    expect(isPast(null, now)).toBe(false)
  })
  it('formats the satisfaction rate', () => {
    expect(formatRate(0.965)).toBe('96.5%')
    expect(formatRate(1)).toBe('100%')
    expect(formatRate(0)).toBe('0%')
    expect(formatRate(87.25)).toBe('87.3%')
    expect(formatRate(null)).toBe('')
  })
})

describe('the report form', () => {
  const user = {
    roles: [
      { role: 'resident', unit_id: 12, unit_name: '碧泉花园', unit_kind: 'estate' },
      { role: 'building_lead', unit_id: 12, unit_name: '碧泉花园', unit_kind: 'estate' },
      { role: 'member', unit_id: 3, unit_name: '碧泉社区', unit_kind: 'community' },
      { role: 'resident', unit_id: 15, unit_name: '翠湖苑', unit_kind: 'estate' },
    ],
    home: { estate_id: 12, household_id: 301, label: '1栋1单元301' },
  }
  it('offers the estates of the grants, each once', () => {
    expect(userEstates(user)).toEqual([{ id: 12, name: '碧泉花园' }, { id: 15, name: '翠湖苑' }])
    expect(userEstates(null)).toEqual([])
  })
  it('offers my household only where I live', () => {
    expect(homeIn(user, 12)).toEqual(user.home)
    expect(homeIn(user, 15)).toBeNull()
    expect(placeKinds(user, 12)).toEqual(['household', 'building', 'public'])
    expect(placeKinds(user, 15)).toEqual(['building', 'public'])
    expect(placeKinds({ roles: [] }, 12)).toEqual(['building', 'public'])
  })
  it('builds the place of the API', () => {
    expect(placePayload('household', { householdId: 301 })).toEqual({ household_id: 301 })
    expect(placePayload('building', { buildingId: '7' })).toEqual({ building_id: 7 })
    expect(placePayload('public', { text: '  北门停车场 ' })).toEqual({ text: '北门停车场' })
    expect(placePayload('public', { text: '   ' })).toBeNull()
    expect(placePayload('building', {})).toBeNull()
    expect(placePayload('moon', { text: 'x' })).toBeNull()
  })
  it('puts server errors next to the field they name', () => {
    expect(formFieldOf('description')).toBe('description')
    expect(formFieldOf('place.text')).toBe('place')
    expect(formFieldOf('building_id')).toBe('place')
    expect(formFieldOf('photo_ids')).toBe('photos')
    expect(formFieldOf('estate_id')).toBe('estate')
    expect(formFieldOf('category')).toBe('category')
    expect(formFieldOf('channel')).toBeNull()
    expect(formFieldOf(null)).toBeNull()
  })
  it('counts characters as people do', () => {
    expect(charCount('漏水了😀')).toBe(4)
    expect(charCount('')).toBe(0)
  })
  it('makes version-4 UUIDs, with or without randomUUID', () => {
    const re = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    expect(newIdempotencyKey()).toMatch(re)
    const insecure = { getRandomValues: (a) => globalThis.crypto.getRandomValues(a) }
    const a = newIdempotencyKey(insecure)
    expect(a).toMatch(re)
    expect(newIdempotencyKey(insecure)).not.toBe(a)
    expect(newIdempotencyKey(null)).toMatch(re)
  })
})

describe('categories and timeline', () => {
  it('picks an icon from the code or the Chinese name', () => {
    expect(categoryIcon({ code: 'elevator', name: '电梯' })).toBe('sort')
    expect(categoryIcon({ code: 'custom_1', name: '垃圾清运' })).toBe('delete-o')
    expect(categoryIcon({ code: 'parking', name: '停车' })).toBe('logistics')
    expect(categoryIcon({ code: 'zzz', name: '其他' })).toBe('more-o')
    // The default catalogue gets a distinct icon for each category.
    const defaults = [
      ['sanitation', '环境卫生'], ['lift', '电梯'], ['water_power', '水电气'], ['facilities', '公共设施'],
      ['parking', '停车'], ['security', '安全隐患'], ['greenery', '绿化'], ['fees', '物业收费'],
      ['noise', '噪音扰民'], ['dispute', '邻里纠纷'], ['other', '其他'],
    ].map(([code, name]) => categoryIcon({ code, name }))
    expect(new Set(defaults).size).toBe(defaults.length)
    expect(categoryIcon(null)).toBe('more-o')
  })
  it('keeps active categories in catalogue order', () => {
    const list = [
      { code: 'b', sort: 2 },
      { code: 'a', sort: 1 },
      { code: 'off', sort: 0, active: false },
      { code: 'c', sort: 2 },
    ]
    expect(activeCategories(list).map((c) => c.code)).toEqual(['a', 'b', 'c'])
    expect(activeCategories(undefined)).toEqual([])
  })
  it('shows the newest timeline entry first', () => {
    const entries = [
      { id: 1, at: '2026-03-01T09:00:00+08:00', action: 'submit' },
      { id: 2, at: '2026-03-01T10:00:00+08:00', action: 'accept' },
      { id: 3, at: '2026-03-01T10:00:00+08:00', action: 'start' },
    ]
    expect(newestFirst(entries).map((e) => e.id)).toEqual([3, 2, 1])
    expect(entries[0].id).toBe(1) // not sorted in place
  })
})

describe('public board values', () => {
  it('reads places and ratings in either shape', () => {
    expect(placeText('3栋')).toBe('3栋')
    expect(placeText({ kind: 'building', label: '3栋' })).toBe('3栋')
    expect(placeText({ text: '北门' })).toBe('北门')
    expect(placeText(null)).toBe('')
    expect(ratingResult('satisfied')).toBe('satisfied')
    expect(ratingResult({ result: 'basically' })).toBe('basically')
    expect(ratingResult(null)).toBe('')
  })
  it('masks a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('')).toBe('')
  })
})

describe('rating', () => {
  const base = { can_rate: true, resolved_at: '2026-03-02T10:00:00+08:00' }
  it('offers the form once per resolution', () => {
    expect(needsRating({ ...base, rating: null })).toBe(true)
    expect(needsRating({ ...base, rating: { result: 'dissatisfied', at: '2026-03-02T11:00:00+08:00' } })).toBe(false)
    // Rated before it was reopened and resolved again.
    expect(needsRating({ ...base, rating: { result: 'dissatisfied', at: '2026-03-01T11:00:00+08:00' } })).toBe(true)
    expect(needsRating({ ...base, can_rate: false, rating: null })).toBe(false)
    expect(needsRating(null)).toBe(false)
  })
  it('labels the rating a timeline note starts with', () => {
    expect(timelineNote({ action: 'rate', note: 'dissatisfied：地锁还是坏的。' }, t)).toBe('不满意：地锁还是坏的。')
    expect(timelineNote({ action: 'rate', note: 'satisfied' }, t)).toBe('满意')
    expect(timelineNote({ action: 'resolve', note: 'satisfied customers' }, t)).toBe('satisfied customers')
    expect(timelineNote({ action: 'rate', note: '' }, t)).toBe('')
    expect(timelineNote({ action: 'submit', note: 'self' }, t)).toBe('来源：居民线上反映')
    expect(timelineNote({ action: 'submit', note: 'door_knock' }, t)).toBe('来源：敲门行动')
    expect(timelineNote({ action: 'submit', note: '电话里说的' }, t)).toBe('电话里说的')
  })
})
