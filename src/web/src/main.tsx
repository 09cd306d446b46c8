import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router';
import { AppRoutes } from './app';
import { RouterBinding } from './router';
import { queryClient } from './use-resource';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      {/*
        No transitions: a navigation renders in the event that caused it, as the hand-made router's
        did, so a control whose value lives in the URL (a select, a date) never shows its old value
        while a transition is pending.
      */}
      <HashRouter useTransitions={false}>
        <RouterBinding />
        <AppRoutes />
      </HashRouter>
    </QueryClientProvider>
  </StrictMode>,
);
