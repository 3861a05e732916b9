// Simple polls (意见征集/投票, docs/POLLS.md): the console's create form and its request body,
// the phase colours, the result bars, and what a resident may choose. Pure functions; the
// server checks everything again and names the field.
import { addDays, todayInShanghai } from './format.js'
import { shanghaiTime } from './votes.js'

export const MAX_OPTIONS = 20
export const OPTION_MAX_CHARS = 60
export const COUNTINGS = ['household', 'person']
export const AUDIENCES = ['residents', 'members']

/** Defaults of the create form: opens now, closes in 14 days at 20:00, two empty options. */
export function newPollForm(today = todayInShanghai()) {
  return {
    title: '', description: '', options: ['', ''], multiple: false, max_choices: 2,
    counting: 'household', audience: 'residents', anonymous: false,
    opens_now: true, opens_date: today, opens_time: '08:00',
    closes_date: addDays(today, 14), closes_time: '20:00',
  }
}

/** The POST /estates/{id}/polls body of the form, or the field that needs fixing. */
export function pollBody(form) {
  const title = (form.title || '').trim()
  if ([...title].length < 2) return { error: 'title' }
  const options = (form.options || []).map((o) => String(o ?? '').trim())
  if (options.length < 2 || options.length > MAX_OPTIONS) return { error: 'options' }
  for (let i = 0; i < options.length; i++) {
    const n = [...options[i]].length
    if (n < 1 || n > OPTION_MAX_CHARS || options.indexOf(options[i]) !== i) return { error: `options[${i}]` }
  }
  const max_choices = form.multiple ? Number(form.max_choices) : 1
  if (!Number.isInteger(max_choices) || max_choices < 1 || max_choices > options.length) return { error: 'max_choices' }
  const body = { title, options, max_choices, counting: form.counting, audience: form.audience, anonymous: !!form.anonymous }
  if (!form.opens_now) {
    const opens_at = shanghaiTime(form.opens_date, form.opens_time)
    if (!opens_at) return { error: 'opens_at' }
    body.opens_at = opens_at
  }
  const closes_at = shanghaiTime(form.closes_date, form.closes_time)
  if (!closes_at || (body.opens_at && closes_at <= body.opens_at)) return { error: 'closes_at' }
  body.closes_at = closes_at
  const description = (form.description || '').trim()
  if (description) body.description = description
  return { body }
}

/** Element Plus tag type of a poll's phase. */
export function pollPhaseTagType(phase) {
  return { scheduled: 'info', open: 'success', ended: 'warning', closed: 'primary', published: '' }[phase] ?? 'info'
}

/** Vant tag type of a poll's phase. */
export function pollPhaseVantType(phase) {
  return { scheduled: 'default', open: 'success', ended: 'warning', closed: 'primary', published: 'primary' }[phase] ?? 'default'
}

/** The width of an option's bar: its share of the responses (integer permille from the server). */
export function barWidth(permille) {
  const p = Math.max(0, Math.min(1000, Number(permille) || 0))
  return `${p / 10}%`
}

/** The result's options with the leaders marked (the highest count, when anybody answered). */
export function resultOptions(result) {
  const options = (result && result.options) || []
  const top = Math.max(0, ...options.map((o) => o.votes || 0))
  return options.map((o) => ({ ...o, leading: top > 0 && o.votes === top }))
}

/**
 * The households a resident may still answer for (per-household polls), or [null] for a
 * per-person poll the resident has not answered: what the answer form offers.
 */
export function openSeats(poll) {
  if (!poll || !poll.me || !poll.me.can_respond) return []
  if (poll.counting === 'person') return [null]
  return (poll.me.households || []).filter((h) => !h.answered)
}

/** Whether a selection can be sent: 1..max_choices options. */
export function choiceValid(poll, selected) {
  const n = (selected || []).length
  return !!poll && n >= 1 && n <= (poll.max_choices || 1)
}
