import { describe, expect, it } from 'vitest'
import { errorCode, errorText } from './errors.js'

const t = (key) => ({ 'errors.invalid_argument': '输入有误', 'errors.internal': '服务器出错了', 'errors.unavailable': '网络不通', 'errors.failed_precondition': '当前状态不允许此操作', 'errors.separator': '：' })[key] || key

describe('errors', () => {
  it('takes the code of the answer, else guesses it from the HTTP status', () => {
    expect(errorCode({ status: 400, code: 'invalid_argument' })).toBe('invalid_argument')
    expect(errorCode({ status: 409, code: 'unknown' })).toBe('failed_precondition')
    expect(errorCode({ status: 502, code: 'unknown' })).toBe('internal')
    expect(errorCode({ status: 0, code: 'unknown', network: true })).toBe('unavailable')
    expect(errorCode(null)).toBe('unknown')
  })
  it('puts the headline before the server sentence', () => {
    expect(errorText({ status: 400, code: 'invalid_argument', message: 'description is empty' }, t)).toBe('输入有误：description is empty')
    expect(errorText({ status: 500, code: 'unknown', message: 'HTTP 500' }, t)).toBe('服务器出错了')
  })
})
