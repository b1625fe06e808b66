/** Test harness for the input components: mounted into happy-dom with only the input i18n table. */
import { mount } from '@vue/test-utils';
import { createI18n } from 'vue-i18n';
import input from '../../i18n/input.zh-CN';

export const inputI18n = () => createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': { input } }, missingWarn: false, fallbackWarn: false });

/** Lets promise chains and Vue's re-render settle. */
export async function flush(rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

export function mountInput(component: Parameters<typeof mount>[0], options: { props?: Record<string, unknown> } = {}) {
  const wrapper = mount(component, { attachTo: document.body, props: options.props ?? {}, global: { plugins: [inputI18n()] } });
  // Tests mount one component at a time into the body and empty it afterwards.
  const find = (testId: string): HTMLElement | null => document.body.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const get = (testId: string): HTMLElement => {
    const el = find(testId);
    if (!el) throw new Error(`no element with data-testid="${testId}"`);
    return el;
  };
  const tap = async (testId: string): Promise<void> => {
    get(testId).click();
    await flush();
  };
  // The component type is erased here; tests pass props by name.
  const setProps = (props: Record<string, unknown>): Promise<void> => (wrapper.setProps as (p: Record<string, unknown>) => Promise<void>)(props);
  return { wrapper, get, find, tap, setProps };
}
