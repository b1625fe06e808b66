/**
 * Pages and who may open them. The server checks every request anyway; the router only keeps people
 * from pages that would answer 403.
 */
import { createRouter, createWebHistory, type RouteLocationRaw } from 'vue-router';
import type { Capability } from '../../../domain/centre/console-api.ts';
import { useSessionStore } from './stores/session.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without signing in. */
    public?: boolean;
    /** Any one of these is enough. */
    needs?: readonly Capability[];
    /** i18n key of the page's name, for the window title. */
    title?: string;
  }
}

const readCases: readonly Capability[] = ['readAllApplications', 'readAssignedApplications'];
const readConsultations: readonly Capability[] = ['consult', 'readAllConsultations'];

export const createConsoleRouter = () => {
  const router = createRouter({
    history: createWebHistory('/console/'),
    routes: [
      { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
      // Never shown: the guard below sends each role to its start page once it knows who is signed in.
      { path: '/', name: 'home', component: () => import('./views/NotFoundView.vue') },
      { path: '/applications', name: 'applications', component: () => import('./views/ApplicationsView.vue'), meta: { needs: readCases, title: 'nav.applications' } },
      { path: '/applications/:id', name: 'application', component: () => import('./views/ApplicationView.vue'), meta: { needs: readCases, title: 'detail.answers' }, props: true },
      { path: '/fleet', name: 'fleet', component: () => import('./views/FleetView.vue'), meta: { needs: ['manageFleet'], title: 'nav.fleet' } },
      { path: '/accounts', name: 'accounts', component: () => import('./views/AccountsView.vue'), meta: { needs: ['manageAccounts'], title: 'nav.accounts' } },
      { path: '/desk', name: 'desk', component: () => import('./views/DeskView.vue'), meta: { needs: ['consult'], title: 'nav.desk' } },
      { path: '/consultations', name: 'consultations', component: () => import('./views/ConsultationsView.vue'), meta: { needs: readConsultations, title: 'nav.consultations' } },
      { path: '/consultations/:id', name: 'consultation', component: () => import('./views/ConsultationView.vue'), meta: { needs: readConsultations, title: 'nav.consultations' }, props: true },
      { path: '/lawyer-profiles', name: 'lawyer-profiles', component: () => import('./views/LawyerProfilesView.vue'), meta: { needs: ['manageLawyerProfiles'], title: 'nav.lawyerProfiles' } },
      { path: '/password', name: 'password', component: () => import('./views/PasswordView.vue'), meta: { title: 'nav.password' } },
      { path: '/:rest(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
    ],
  });

  /** Where a role starts: reviewers and lawyers at their cases, technicians at the fleet. */
  const homeFor = (): RouteLocationRaw => {
    const session = useSessionStore();
    if (session.may('readAllApplications') || session.may('readAssignedApplications')) return { name: 'applications' };
    if (session.may('manageFleet')) return { name: 'fleet' };
    return { name: 'password' };
  };

  router.beforeEach(async (to) => {
    const session = useSessionStore();
    if (!session.checked) await session.refresh().catch(() => undefined);
    if (to.meta.public) return session.signedIn && to.name === 'login' ? homeFor() : true;
    if (!session.signedIn) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
    if (to.name === 'home') return homeFor();
    const needs = to.meta.needs;
    if (needs && !needs.some((c) => session.may(c))) return homeFor();
    return true;
  });

  return { router, homeFor };
};
