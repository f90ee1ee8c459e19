; Inno Setup script of KH57 (Inno Setup 6). Built by installer/build.ps1:
;   ISCC.exe /DAppVersion=0.1.0 /DSourceDir=..\dist\kh57 installer\kh57.iss
; and checked on Linux, under wine, by installer/check-iss.sh (which also passes
; /DOutputDir= and /DNoVietnamese).
;
; Per-user install without administrator rights: the program goes to
; %LOCALAPPDATA%\Programs\KH57 ({userpf}), shortcuts to the user's Start menu and
; desktop, the .kh57 association to HKCU. Uninstalling removes the program only:
; the data and backups in %LOCALAPPDATA%\KH57 are never touched.

#ifndef AppVersion
  #error AppVersion must be given: ISCC /DAppVersion=x.y.z (build.ps1 reads it from pyproject.toml)
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\kh57"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif
#define AppName "KH57"
#ifndef AppExe
  #define AppExe "kh57.exe"
#endif
#ifndef CliExe
  #define CliExe "kh57-cli.exe"
#endif
; The icon (drawn by installer/make_icon.py): the wizard, Apps & features, .kh57 files.
#define AppIcon "kh57.ico"
#define ProgId "KH57.Bundle"

[Setup]
AppId={{6F0C7C2E-57A1-4B57-9D57-4B4835370057}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=KH57
AppComments=Kế hoạch và báo cáo chuyển đổi số cấp xã (Nghị quyết 57-NQ/TW)
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={userpf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
OutputDir={#OutputDir}
OutputBaseFilename=KH57-Setup-{#AppVersion}
Compression=lzma2/ultra64
SolidCompression=yes
LZMANumBlockThreads=4
; ultra64 x 4 block threads needs more than the 32-bit ISCC.exe can address:
; without a separate (64-bit) compressor process it stops with "Out of memory".
LZMAUseSeparateProcess=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
UninstallDisplayName={#AppName} {#AppVersion}
SetupIconFile={#AppIcon}
UninstallDisplayIcon={app}\{#AppIcon}
ChangesAssociations=yes
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=no

[Languages]
; Vietnamese ships with Inno Setup 6 as an unofficial translation; copy
; Vietnamese.isl from https://jrsoftware.org/files/istrans/ into Languages\ if missing.
#ifdef NoVietnamese
Name: "en"; MessagesFile: "compiler:Default.isl"
#else
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "Tạo biểu tượng trên màn hình nền"; GroupDescription: "Biểu tượng:"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#AppIcon}"; DestDir: "{app}"; Flags: ignoreversion

[InstallDelete]
; An upgrade replaces the program folder's Python and Qt files (never user data).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autoprograms}\{#AppName}\Tự kiểm tra KH57"; Filename: "{cmd}"; Parameters: "/k """"{app}\{#CliExe}"" self-test"""; WorkingDir: "{app}"
Name: "{autoprograms}\{#AppName}\Gỡ cài đặt KH57"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; .kh57 bundles open in KH57, which imports them into the inbox (per user, HKCU).
Root: HKCU; Subkey: "Software\Classes\.kh57"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.kh57\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Gói báo cáo KH57"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppIcon}"",0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --import-bundle ""%1"""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".kh57"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "Mở KH57 ngay"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put in {app}; %LOCALAPPDATA%\KH57 (data, backups, logs) stays.
Type: filesandordirs; Name: "{app}\_internal"
