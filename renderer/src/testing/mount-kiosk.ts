/**
 * Test harness: the real app (same composition root as production) around a MockBridge and a
 * FakeClock, mounted into happy-dom. Used only by *.test.ts files.
 */
import { createMemoryHistory } from 'vue-router';
import { createKioskApp } from '../app/create-app';
import type { FaceDeps } from '../stores/identity';
import { MockBridge } from '../bridge/mock-bridge';
import type { KioskConfig, SessionView } from '../bridge/contract';
import { FakeClock } from '../time/fake-clock';

export const citizenSession = (overrides: Partial<SessionView['citizen']> = {}): SessionView => ({
  id: 'session-1',
  startedAt: '2025-03-01T09:00:00.000Z',
  citizen: {
    name: '张三',
    maskedIdNumber: '110101********123X',
    sex: 'male',
    birthDate: '1950-03-07',
    age: 75,
    cardType: 'resident',
    nation: '汉',
    validTo: '2035-01-01',
    photo: null,
    photoStatus: 'no_decoder',
    ...overrides,
  },
  verification: null,
  applicant: null,
  expectingApplicantCard: false,
});

/** Lets promise chains (event -> store -> router -> render) settle. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

export async function mountKiosk(options: { config?: Partial<KioskConfig>; bridge?: MockBridge; face?: Partial<FaceDeps>; clock?: FakeClock } = {}) {
  const bridge = options.bridge ?? new MockBridge(options.config);
  const clock = options.clock ?? new FakeClock();
  const host = document.createElement('div');
  document.body.appendChild(host);
  const history = createMemoryHistory();
  const { app, router, pinia, controller } = createKioskApp({ bridge, clock, history, ...(options.face ? { face: options.face } : {}) });
  await router.push('/');
  app.mount(host);
  await controller.start();
  await router.isReady();
  bridge.hello();
  await settle();

  const find = (testId: string): HTMLElement | null => host.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const get = (testId: string): HTMLElement => {
    const el = find(testId);
    if (!el) throw new Error(`no element with data-testid="${testId}"`);
    return el;
  };
  const click = async (testId: string): Promise<void> => {
    get(testId).click();
    await settle();
  };
  const advance = async (ms: number): Promise<void> => {
    clock.advance(ms);
    await settle();
  };
  const unmount = (): void => {
    controller.stop();
    app.unmount();
    host.remove();
  };

  return { bridge, clock, app, router, pinia, host, controller, find, get, click, advance, unmount };
}

export type MountedKiosk = Awaited<ReturnType<typeof mountKiosk>>;
