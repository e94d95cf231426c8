// Reference data shared by the console pages: categories, departments, users. Loaded once, refreshed on demand.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { catalog } from '@/api/client'
import { i18n } from '@/i18n'
import type { Category, Department, User } from '@/api/types'

export const useCatalog = defineStore('catalog', () => {
  const categories = ref<Category[]>([])
  const departments = ref<Department[]>([])
  const users = ref<User[]>([])
  let loading: Promise<void> | null = null

  async function load(force = false) {
    if (loading && !force) return loading
    loading = (async () => {
      const [c, d, u] = await Promise.allSettled([catalog.categories(), catalog.departments(), catalog.users()])
      if (c.status === 'fulfilled') categories.value = c.value.items
      if (d.status === 'fulfilled') departments.value = d.value.items
      if (u.status === 'fulfilled') users.value = u.value.items
    })()
    return loading
  }

  function categoryName(id: number | null | undefined): string {
    if (!id) return '—'
    const c = categories.value.find((x) => x.id === id)
    if (!c) return `#${id}`
    const name = (x: Category) => (i18n.global.locale.value === 'en' ? x.name_en : x.name_zh)
    const parent = c.parent_id ? categories.value.find((x) => x.id === c.parent_id) : undefined
    return parent ? `${name(parent)} / ${name(c)}` : name(c)
  }
  function departmentName(id: number | null | undefined): string {
    if (!id) return '—'
    return departments.value.find((x) => x.id === id)?.name ?? `#${id}`
  }
  function userName(id: number | null | undefined): string {
    if (!id) return '—'
    return users.value.find((x) => x.id === id)?.display_name ?? `#${id}`
  }

  /** Two-level tree for el-cascader / el-tree-select. */
  const categoryTree = computed(() => {
    const label = (x: Category) => (i18n.global.locale.value === 'en' ? x.name_en : x.name_zh)
    const active = categories.value.filter((c) => c.active).sort((a, b) => a.sort_order - b.sort_order)
    return active
      .filter((c) => !c.parent_id)
      .map((root) => ({
        value: root.id,
        label: label(root),
        children: active
          .filter((c) => c.parent_id === root.id)
          .map((child) => ({ value: child.id, label: label(child) })),
      }))
  })
  const activeDepartments = computed(() => departments.value.filter((d) => d.active))

  return { categories, departments, users, load, categoryName, departmentName, userName, categoryTree, activeDepartments }
})
