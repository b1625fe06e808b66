import { createRouter, type RouterHistory } from 'vue-router';
import HomeView from './views/HomeView.vue';
import CardView from './views/CardView.vue';
import WelcomeView from './views/WelcomeView.vue';
import TechnicianView from './views/TechnicianView.vue';
import IdentityView from './views/IdentityView.vue';
import ApplyView from './views/ApplyView.vue';
import StatusView from './views/StatusView.vue';
import ConsultView from './views/ConsultView.vue';
import EducationView from './views/EducationView.vue';
import DocumentsView from './views/DocumentsView.vue';
import FeeCalculatorView from './views/FeeCalculatorView.vue';

/**
 * Screens are imported eagerly: the kiosk runs offline from local files and a screen change must
 * feel instant (< 300 ms), so there is nothing to gain from splitting.
 */
export function createKioskRouter(history: RouterHistory) {
  return createRouter({
    history,
    routes: [
      { path: '/', name: 'home', component: HomeView },
      { path: '/card', name: 'card', component: CardView },
      { path: '/welcome', name: 'welcome', component: WelcomeView },
      { path: '/identity', name: 'identity', component: IdentityView },
      { path: '/apply', name: 'apply', component: ApplyView },
      { path: '/status', name: 'status', component: StatusView },
      { path: '/consult', name: 'consult', component: ConsultView },
      { path: '/education', name: 'education', component: EducationView },
      { path: '/documents', name: 'documents', component: DocumentsView },
      { path: '/fees', name: 'fees', component: FeeCalculatorView },
      { path: '/tech', name: 'technician', component: TechnicianView },
      { path: '/:rest(.*)*', redirect: { name: 'home' } },
    ],
    scrollBehavior: () => ({ top: 0 }),
  });
}

export type KioskRouter = ReturnType<typeof createKioskRouter>;
