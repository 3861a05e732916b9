// Printable documents the server renders (the 报到回执单, the yearly service record): they need
// the bearer token, so they are fetched here and shown from a blob URL, in a new tab or as a
// download. Errors come back as ApiError (the server's JSON error), like every other call.
import { ApiError, getToken } from './api.js'

/** Fetches `path` (under /api/v1) with the token; resolves to a Blob of the document. */
export async function fetchDocument(path) {
  const headers = {}
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  let res
  try {
    res = await fetch('/api/v1' + path, { headers })
  } catch (e) {
    const err = new ApiError(0, { error: { code: 'unavailable', message: e.message } })
    err.network = true
    throw err
  }
  if (!res.ok) {
    let body = null
    try {
      body = await res.json()
    } catch {
      body = null
    }
    throw new ApiError(res.status, body)
  }
  return res.blob()
}

/**
 * Opens the document at `path` in a new tab. The tab is opened at once (inside the click, so
 * pop-up blockers allow it) and pointed at the document when it arrives; where no tab can be
 * opened (some in-app browsers), the document is downloaded as `fileName` instead.
 */
export async function openDocument(path, fileName) {
  const tab = window.open('', '_blank')
  try {
    const blob = await fetchDocument(path)
    const url = URL.createObjectURL(blob)
    if (tab && !tab.closed) tab.location.href = url
    else saveBlob(url, fileName)
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
    return blob
  } catch (e) {
    if (tab && !tab.closed) tab.close()
    throw e
  }
}

/** Downloads the document at `path` as `fileName`. */
export async function downloadDocument(path, fileName) {
  const blob = await fetchDocument(path)
  const url = URL.createObjectURL(blob)
  saveBlob(url, fileName)
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return blob
}

function saveBlob(url, fileName) {
  const a = document.createElement('a')
  a.href = url
  a.download = fileName || ''
  document.body.appendChild(a)
  a.click()
  a.remove()
}
