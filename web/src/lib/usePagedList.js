// A paged list read from the API: rows, paging state, loading and error, the way every list
// endpoint pages (`?page=&page_size=` → `{items, total}`). `query()` gives the other parameters.
import { reactive, ref } from 'vue'
import { api } from './api.js'

export function usePagedList(path, query = () => ({}), pageSize = 20) {
  const rows = ref([])
  const loading = ref(false)
  const error = ref(null)
  const paging = reactive({ page: 1, pageSize, total: 0 })

  async function load() {
    loading.value = true
    error.value = null
    try {
      const data = await api.get(typeof path === 'function' ? path() : path, {
        ...query(),
        page: paging.page,
        page_size: paging.pageSize,
      })
      rows.value = data.items || []
      paging.total = data.total ?? rows.value.length
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }

  // A new search starts again at the first page.
  function search() {
    paging.page = 1
    load()
  }

  return { rows, loading, error, paging, load, search }
}
