import { createContext, useContext } from "react";

/** The per-request CSP nonce for Remix's inline scripts; empty in the browser. */
export const NonceContext = createContext("");

export function useNonce() {
  return useContext(NonceContext);
}
