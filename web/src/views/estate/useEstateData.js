// Lets an estate tab reload when another tab changed the estate's data (e.g. an import).
import { inject, watch } from 'vue'

export function useReloadOnChange(reload) {
  const estateData = inject('estateData', null)
  if (estateData) watch(estateData.version, () => reload())
  return estateData
}
