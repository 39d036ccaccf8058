export type SendingDomain = {
  id: string;
  name: string;
  status: string;
  trackingHost: string | null;
  trackingCname: string;
  dkim: { selector: string; publicKey: string } | null;
  createdAt: string;
};
