/** Whether automatic HTTPS can order now (the instance has an ACME account), and whether the viewer is the one who sets it up. */
export type TAcmeReadiness = { configured: boolean; viewerCanConfigure: boolean };
