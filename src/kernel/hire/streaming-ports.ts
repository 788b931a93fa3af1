/** Streaming ports per protocol (the API's PCOIP and WSP, which is Amazon DCV), besides 443. */
export const STREAMING_PORT: Readonly<Record<'PCOIP' | 'WSP', number>> = { PCOIP: 4172, WSP: 4195 };
