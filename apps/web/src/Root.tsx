/**
 * Providers around the router: Ant Design in the chosen language (zh_CN by default), the
 * antd App context for message/modal, and one TanStack Query client.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App.tsx';
import { ApiError } from './api/client.ts';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not heal by asking again; only network trouble and 5xx are retried.
      retry: (failures, err) => failures < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

const theme = {
  token: {
    // antd's blue-7 instead of its default blue-6 keeps white button text above 4.5:1 (WCAG AA).
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    // antd lightens the primary on hover; darkening it instead keeps the text contrast.
    colorPrimaryHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorLinkHover: '#003eb3',
    // antd's secondary and description greys (45 % black) fall below 4.5:1 on small text and
    // on the light-blue selection; 62 % black passes on white, grey and selected rows.
    colorTextSecondary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    // Description labels, placeholders and empty-list text are 25–45 % black by default.
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    // Danger buttons and links in red-7 rather than red-5 (3.3:1 on white).
    colorError: '#cf1322',
    // Preset tags print their text in shade 7 of the hue's palette; for these hues shade 7
    // is below 4.5:1 on the tag's light background, so shade 8 (9 for gold) takes its place. antd keeps
    // each shade under two names: `green7` for JS and `green-7` for the CSS variable.
    green7: '#237804',
    'green-7': '#237804',
    cyan7: '#006d75',
    'cyan-7': '#006d75',
    orange7: '#ad4e00',
    'orange-7': '#ad4e00',
    gold7: '#874d00',
    'gold-7': '#874d00',
    borderRadius: 6,
  },
};

export function Root() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
