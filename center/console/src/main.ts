import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { setSignedOutHandler } from './api/client.ts';
import { createConsoleI18n } from './i18n/index.ts';
import { createConsoleRouter } from './router.ts';
import { useSessionStore } from './stores/session.ts';
import './styles/console.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const { router } = createConsoleRouter();
app.use(router);
app.use(createConsoleI18n());

// A request that finds the session gone sends the person back to the login page, keeping the place.
setSignedOutHandler(() => {
  const session = useSessionStore(pinia);
  session.sessionEnded();
  const here = router.currentRoute.value;
  if (here.name !== 'login') void router.push({ name: 'login', query: { next: here.fullPath } });
});

app.mount('#app');
