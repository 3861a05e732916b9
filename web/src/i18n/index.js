// vue-i18n set-up: Chinese first, English second; the choice is kept in localStorage.
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN.js'
import en from './en.js'

const LANG_KEY = 'linli.lang'
export const LOCALES = ['zh-CN', 'en']

function initialLocale() {
  try {
    const saved = localStorage.getItem(LANG_KEY)
    if (LOCALES.includes(saved)) return saved
  } catch {
    // No storage (private mode): fall through to Chinese.
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function setLocale(locale) {
  if (!LOCALES.includes(locale)) return
  i18n.global.locale.value = locale
  try {
    localStorage.setItem(LANG_KEY, locale)
  } catch {
    // Not kept across reloads then; the switch still works.
  }
  document.documentElement.lang = locale
}

/** The label of an enumeration value ("enums.<group>.<value>"), or the value itself. */
export function enumLabel(group, value) {
  if (value === null || value === undefined || value === '') return ''
  const key = `enums.${group}.${value}`
  return i18n.global.te(key) ? i18n.global.t(key) : String(value)
}
