; Inno Setup script: a per-user installer for the one-folder PyInstaller build (no administrator rights).
;
;   pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\deskassist.spec
;   iscc /DAppVersion=0.1.0 packaging\installer.iss        -> dist\installer\DeskAssist-0.1.0-setup.exe
;
; Installs into %LOCALAPPDATA%\Programs\DeskAssist, adds a Start-menu entry, optionally starts DeskAssist at
; login (the same HKCU Run value the app's own setting writes). Uninstalling keeps the data folder
; (%LOCALAPPDATA%\DeskAssist: phrases, customers, notes, backups) unless the agent says to delete it.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef DistDir
  #define DistDir "..\dist\DeskAssist"
#endif

[Setup]
AppId={{6C1B7F0E-2D4B-4C36-9B5C-0D5E8A1F7A21}
AppName=DeskAssist 客服快捷助手
AppVersion={#AppVersion}
AppPublisher=DeskAssist
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={autopf}\DeskAssist
DefaultGroupName=DeskAssist
DisableProgramGroupPage=yes
OutputDir=..\dist\installer
OutputBaseFilename=DeskAssist-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
CloseApplications=yes
UninstallDisplayIcon={app}\DeskAssist.exe
UninstallDisplayName=DeskAssist 客服快捷助手

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[CustomMessages]
english.StartAtLogin=Start DeskAssist when I log in
english.DeleteData=Also delete your DeskAssist data (phrases, customers, memos, backups) in %1?%n%nChoose No to keep it for a later install.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
chinesesimplified.StartAtLogin=登录 Windows 时启动客服快捷助手
chinesesimplified.DeleteData=是否同时删除 %1 中的客服快捷助手数据（话术、客户、备忘、备份）？%n%n选择“否”可保留，供以后重新安装使用。
#endif

[Tasks]
Name: "startatlogin"; Description: "{cm:StartAtLogin}"; Flags: unchecked

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\DeskAssist 客服快捷助手"; Filename: "{app}\DeskAssist.exe"
Name: "{group}\{cm:UninstallProgram,DeskAssist}"; Filename: "{uninstallexe}"

[Registry]
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "DeskAssist"; \
  ValueData: """{app}\DeskAssist.exe"""; Tasks: startatlogin; Flags: uninsdeletevalue

[Run]
Filename: "{app}\DeskAssist.exe"; Description: "{cm:LaunchProgram,DeskAssist}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
Filename: "{sys}\taskkill.exe"; Parameters: "/F /IM DeskAssist.exe"; Flags: runhidden; RunOnceId: "StopDeskAssist"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    RegDeleteValue(HKEY_CURRENT_USER, 'Software\Microsoft\Windows\CurrentVersion\Run', 'DeskAssist');
    DataDir := ExpandConstant('{localappdata}\DeskAssist');
    if DirExists(DataDir) and not UninstallSilent then
      if MsgBox(FmtMessage(CustomMessage('DeleteData'), [DataDir]), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DelTree(DataDir, True, True, True);
  end;
end;
