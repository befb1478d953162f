// What the platform takes from the wallet app: the web wallet's assets, to serve under /wallet.
export { webWalletAssets, bundleWebWallet, WEB_WALLET_SCRIPT, type WebWalletAssets } from './web-assets';
