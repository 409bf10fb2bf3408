import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage } from '../i18n/index.ts';

/** Toggles between 简体中文 and English; the label is written in the language it switches to. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const target = currentLanguage() === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type="text"
      icon={<TranslationOutlined />}
      data-testid="lang-switch"
      aria-label={t('lang.switchLabel')}
      onClick={() => void changeLanguage(target)}
    >
      <span lang={target}>{t('lang.switchTo')}</span>
    </Button>
  );
}
