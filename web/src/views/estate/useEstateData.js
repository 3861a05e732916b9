// Lets an estate tab reload when another tab changed the estate's data (e.g. an import), and
// tells it what the user's roles allow on the estate (provided by EstateView).
import { computed, inject, watch } from 'vue'

export function useReloadOnChange(reload) {
  const estateData = inject('estateData', null)
  if (estateData) watch(estateData.version, () => reload())
  return estateData
}

/** { readHouseholds, manageHouseholds, readPersonalData, readPartyMembership, manageOrganisation, manageAccounts } */
export function useEstatePerms() {
  const perms = inject('estatePerms', null)
  return perms || computed(() => ({}))
}
