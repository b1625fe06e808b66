/**
 * Legal education (普法): the bundle the core shows (topics and items, nothing personal), its
 * pictures as data URLs, and the attract loop's timing. Loaded once per boot of the core and kept:
 * the same content serves every visitor, so nothing here is wiped with a session.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { useBridge } from '../app/inject';
import { commands, type CommandOutput } from '../bridge/contract';
import { useSessionStore } from './session';

export type EducationCatalogue = CommandOutput<'education.catalogue'>;
export type EducationTopic = EducationCatalogue['bundle']['topics'][number];
export type EducationItem = EducationTopic['items'][number];

export const useEducationStore = defineStore('education', () => {
  const bridge = useBridge();
  const catalogue = shallowRef<EducationCatalogue | null>(null);
  const failed = ref(false);
  const media = ref<Record<string, string>>({});
  let loading: Promise<void> | null = null;
  const pendingMedia = new Map<string, Promise<void>>();

  const topics = computed(() => catalogue.value?.bundle.topics ?? []);
  /** Every item in reading order, for the attract loop. */
  const items = computed(() => topics.value.flatMap((topic) => topic.items.map((item) => ({ topic, item }))));
  const attract = computed(() => catalogue.value?.attract ?? null);

  function load(): Promise<void> {
    loading ??= (async () => {
      const result = await bridge.call('education.catalogue', {});
      // Checked again here: an answer that is not a whole catalogue must not break the home screen.
      const parsed = result.ok ? commands['education.catalogue'].output.safeParse(result.value) : null;
      if (parsed?.success) {
        // A newer bundle may reuse file names: drop pictures of the old one.
        if (catalogue.value?.bundle.version !== parsed.data.bundle.version) media.value = {};
        catalogue.value = parsed.data;
        failed.value = false;
      } else {
        failed.value = true;
      }
    })().finally(() => {
      loading = null;
    });
    return loading;
  }

  /** Fetches a picture once; the <img> shows it when it arrives (a missing one is simply not shown). */
  function ensureMedia(name: string): void {
    if (media.value[name] || pendingMedia.has(name)) return;
    const pending = bridge.call('education.media', { name }).then((result) => {
      if (result.ok) media.value = { ...media.value, [name]: `data:${result.value.mime};base64,${result.value.base64}` };
    });
    pendingMedia.set(
      name,
      pending.finally(() => pendingMedia.delete(name)),
    );
  }

  /**
   * The document an item suggested drafting (a documents-catalogue id), for the drafting screen to
   * offer first. It says what the person was reading about, so it belongs to this visit only:
   * forgotten when a session ends and when the home screen shows with nobody's session.
   */
  const suggestedDocumentId = ref<string | null>(null);
  function suggestDocument(id: string | null): void {
    suggestedDocumentId.value = id;
  }
  const session = useSessionStore();
  watch(
    () => session.active,
    (active) => {
      if (!active) suggestedDocumentId.value = null;
    },
  );

  function topic(id: string): EducationTopic | null {
    return topics.value.find((t) => t.id === id) ?? null;
  }

  return { catalogue, failed, media, topics, items, attract, suggestedDocumentId, load, ensureMedia, suggestDocument, topic };
});
