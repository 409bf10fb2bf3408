/** An order's pickup code as a QR the redemption desk scans, with the 8 digits beside it for typing in. */
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function PickupCode({ code }: { code: string }) {
  const { t } = useTranslation();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Error correction M and a quiet zone of 2 modules: scans from a cracked phone screen.
    QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: 400 })
      .then((url) => {
        if (live) setSrc(url);
      })
      .catch(() => setSrc(null));
    return () => {
      live = false;
    };
  }, [code]);
  const spaced = `${code.slice(0, 4)} ${code.slice(4)}`;
  return (
    <div className="gzr-qr" data-testid="r-pickup">
      {src && <img src={src} alt={t('resident.orders.qrAlt', { code })} data-testid="r-qr" />}
      <span className="gzr-muted">{t('resident.orders.code')}</span>
      <span className="gzr-code" data-testid="r-code" data-code={code}>
        {spaced}
      </span>
    </div>
  );
}
