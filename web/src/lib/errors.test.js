// The Chinese (and English) headlines of server errors, field labels and CSV column names.
import { afterEach, describe, expect, it } from 'vitest'
import { i18n, setLocale } from '../i18n/index.js'
import { ApiError } from './api.js'
import { ERROR_CODES, describeError, errorCode, errorHeadline, errorText, fieldLabel, importColumnLabel } from './errors.js'

const apiError = (status, code, message, field) => new ApiError(status, { error: { code, message, field } })

afterEach(() => setLocale('zh-CN'))

describe('error headlines', () => {
  it('give every server code a Chinese headline', () => {
    const zh = {
      invalid_argument: '输入有误',
      unauthenticated: '请先登录',
      permission_denied: '没有权限',
      not_found: '找不到',
      already_exists: '已存在',
      failed_precondition: '当前状态不允许',
      resource_exhausted: '尝试次数过多',
      payload_too_large: '文件太大',
      internal: '服务器出错',
    }
    for (const [code, headline] of Object.entries(zh)) expect(errorHeadline(code)).toBe(headline)
    for (const code of ERROR_CODES) expect(errorHeadline(code)).toMatch(/[\u4e00-\u9fff]/)
  })
  it('give English headlines in English mode', () => {
    setLocale('en')
    expect(errorHeadline('invalid_argument')).toBe('Invalid input')
    expect(errorHeadline('permission_denied')).toBe('Not allowed')
    for (const code of ERROR_CODES) expect(errorHeadline(code)).not.toMatch(/[\u4e00-\u9fff]/)
  })
  it('fall back to a general headline, and to the HTTP status when the body has no code', () => {
    expect(errorHeadline('teapot')).toBe('出错了')
    expect(errorCode(new ApiError(403, null))).toBe('permission_denied')
    expect(errorCode(new ApiError(502, null))).toBe('internal')
    expect(errorCode({ code: 'not_found' })).toBe('not_found')
  })
})

describe('describeError', () => {
  it('puts the headline and the translated field first, the server sentence below', () => {
    const err = apiError(400, 'invalid_argument', "area_m2 'abc' is not a number; write the area in m² like 89.45", 'area_m2')
    expect(describeError(err)).toEqual({
      title: '输入有误：面积(㎡)',
      detail: "area_m2 'abc' is not a number; write the area in m² like 89.45",
      code: 'invalid_argument',
      field: 'area_m2',
    })
  })
  it('uses the form label when the form gives one, else the common one, else the name', () => {
    const err = apiError(400, 'invalid_argument', 'term_end must be after term_start', 'term_end')
    expect(describeError(err).title).toBe('输入有误：任期结束')
    expect(describeError(err, { labels: { term_end: '届满日期' } }).title).toBe('输入有误：届满日期')
    expect(fieldLabel('unit_id')).toBe('所属区域')
    expect(fieldLabel('no_such_field')).toBe('no_such_field')
    expect(fieldLabel('own[1]')).toBe('自选承诺 2')
  })
  it('has no field part when the server names none', () => {
    const err = apiError(403, 'permission_denied', 'your roles do not allow you to list accounts here; ask an administrator')
    const d = describeError(err)
    expect(d.title).toBe('没有权限')
    expect(d.detail).toMatch(/^your roles do not allow/)
    expect(errorText(err)).toBe('没有权限：your roles do not allow you to list accounts here; ask an administrator')
  })
  it('follows the language', () => {
    setLocale('en')
    const err = apiError(409, 'failed_precondition', 'the post 党支部书记 is for party members', 'person_id')
    expect(describeError(err).title).toBe('Not possible right now: Person')
    expect(errorText(err)).toBe('Not possible right now: Person: the post 党支部书记 is for party members')
  })
  it('lets a page choose its own headline (the login page)', () => {
    const err = apiError(401, 'unauthenticated', 'phone or password is wrong')
    expect(describeError(err, { headlines: { unauthenticated: '登录失败' } }).title).toBe('登录失败')
  })
  it('explains a network failure and shows page-written strings as they are', () => {
    const net = new ApiError(0, { error: { code: 'unavailable', message: 'Failed to fetch' } })
    net.network = true
    expect(describeError(net)).toMatchObject({ title: '无法连接服务器', detail: '请检查网络后再试' })
    expect(describeError('请填写名称')).toEqual({ title: '请填写名称', detail: '', code: null, field: null })
    expect(describeError(null)).toBeNull()
    expect(describeError(new ApiError(500, null)).detail).toBe('')
  })
  it('translates with a given t/te too', () => {
    const { t, te } = i18n.global
    expect(describeError(apiError(404, 'not_found', 'unit 9 does not exist', 'unit_id'), { t, te }).title).toBe('找不到：所属区域')
  })
})

describe('CSV import columns', () => {
  it('are named in Chinese, unknown ones kept', () => {
    const zh = {
      building: '楼栋',
      unit: '单元',
      floor: '楼层',
      room: '房号',
      area_m2: '面积(㎡)',
      area_source: '面积来源',
      owner_name: '业主姓名',
      owner_phone: '业主电话',
      owner_kind: '业主类型',
      delivered: '是否交付',
    }
    for (const [column, label] of Object.entries(zh)) expect(importColumnLabel(column)).toBe(label)
    expect(importColumnLabel('colour')).toBe('colour')
    expect(importColumnLabel('')).toBe('')
  })
  it('are named in English in English mode', () => {
    setLocale('en')
    expect(importColumnLabel('area_m2')).toBe('Area (m²)')
    expect(importColumnLabel('owner_phone')).toBe('Owner phone')
  })
})
