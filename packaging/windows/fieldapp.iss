; Inno Setup script: wraps dist\fieldapp (from fieldapp.spec) into fieldapp-setup-<version>.exe.
; NOT built in this repository's environment: the CI workflow build-windows.yml runs it on Windows.
;   iscc /DAppVersion=0.1.0 packaging\windows\fieldapp.iss

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1D3C2A-8B7E-4F0A-9C51-1E2D3F4A5B6C}
AppName=fieldapp
AppVersion={#AppVersion}
AppPublisher=fieldapp
DefaultDirName={autopf}\fieldapp
DefaultGroupName=fieldapp
DisableProgramGroupPage=yes
; Per-machine install: every Windows account on a shared laptop gets the app; data stays per account.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=fieldapp-setup-{#AppVersion}
SetupIconFile=fieldapp.ico
UninstallDisplayIcon={app}\fieldapp.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\fieldapp\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\fieldapp"; Filename: "{app}\fieldapp.exe"
Name: "{autodesktop}\fieldapp"; Filename: "{app}\fieldapp.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop icon"; GroupDescription: "Additional icons:"

[Run]
; Check the install: the packaged app must start and show its window (exit code 0).
Filename: "{app}\fieldapp.exe"; Parameters: "--smoke"; Flags: runhidden waituntilterminated; StatusMsg: "Checking fieldapp starts..."
Filename: "{app}\fieldapp.exe"; Description: "Start fieldapp"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Program files only. People's data (in %LOCALAPPDATA%\fieldapp) is never deleted by an uninstall.
Type: filesandordirs; Name: "{app}\_internal"
