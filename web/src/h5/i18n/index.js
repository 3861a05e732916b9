// vue-i18n for the residents' H5: Chinese first, English second. The choice is kept in the same
// localStorage key as the console's, so one switch serves both. Vant's own texts (confirm,
// cancel, loading...) follow the same language.
import { createI18n } from 'vue-i18n'
import { Locale } from 'vant'
import vantEn from 'vant/es/locale/lang/en-US'
import vantZh from 'vant/es/locale/lang/zh-CN'
import zhCN from './zh-CN.js'
import en from './en.js'

const LANG_KEY = 'linli.lang'
export const LOCALES = ['zh-CN', 'en']

function initialLocale() {
  try {
    const saved = localStorage.getItem(LANG_KEY)
    if (LOCALES.includes(saved)) return saved
  } catch {
    // No storage (private mode): Chinese.
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

function applyVantLocale(locale) {
  if (locale === 'en') Locale.use('en-US', vantEn)
  else Locale.use('zh-CN', vantZh)
}
applyVantLocale(i18n.global.locale.value)

export function setLocale(locale) {
  if (!LOCALES.includes(locale)) return
  i18n.global.locale.value = locale
  applyVantLocale(locale)
  try {
    localStorage.setItem(LANG_KEY, locale)
  } catch {
    // Not kept across reloads then; the switch still works.
  }
  document.documentElement.lang = locale
}

/** Switches between the two languages. */
export function toggleLocale() {
  setLocale(i18n.global.locale.value === 'en' ? 'zh-CN' : 'en')
}
