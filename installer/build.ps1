# Builds the KH57 Windows installer: PyInstaller onedir, its self-test, then Inno Setup.
#
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1 [-Python py] [-SkipSelfTest]
#
# Needs Python 3.11+ and Inno Setup 6 (ISCC.exe on PATH or in its default folder).
# The version comes from pyproject.toml and is passed to Inno Setup as /DAppVersion.
param(
    [string]$Python = "py",
    [switch]$SkipSelfTest
)
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

$Venv = Join-Path $Root "build\venv-win"
if (-not (Test-Path "$Venv\Scripts\python.exe")) {
    & $Python -m venv $Venv
}
$Py = "$Venv\Scripts\python.exe"
& $Py -m pip install -q --upgrade pip
& $Py -m pip install -q "$Root" pyinstaller
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

$Version = & $Py -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])"
Write-Host "== KH57 $Version"

& "$Venv\Scripts\pyinstaller.exe" --noconfirm --clean --log-level WARN `
    --distpath "$Root\dist" --workpath "$Root\build\pyinstaller" "$Root\installer\kh57.spec"
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

$Bundle = Join-Path $Root "dist\kh57"
$Size = (Get-ChildItem $Bundle -Recurse -File | Measure-Object Length -Sum).Sum / 1MB
Write-Host ("== onedir: {0:N1} MB" -f $Size)
Get-ChildItem $Bundle -Recurse -File | Sort-Object Length -Descending | Select-Object -First 10 |
    ForEach-Object { "{0,8:N1} MB  {1}" -f ($_.Length / 1MB), $_.FullName.Substring($Bundle.Length + 1) }

if (-not $SkipSelfTest) {
    Write-Host "== self-test"
    $Watch = [Diagnostics.Stopwatch]::StartNew()
    & "$Bundle\kh57-cli.exe" self-test
    $Code = $LASTEXITCODE
    Write-Host ("self-test: {0:N1} s, exit {1}" -f $Watch.Elapsed.TotalSeconds, $Code)
    if ($Code -ne 0) { throw "self-test failed: the bundle is missing something" }
}

$Iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) {
    foreach ($Dir in @("${env:ProgramFiles(x86)}\Inno Setup 6", "$env:ProgramFiles\Inno Setup 6",
                       "$env:LOCALAPPDATA\Programs\Inno Setup 6")) {
        if (Test-Path "$Dir\ISCC.exe") { $Iscc = "$Dir\ISCC.exe"; break }
    }
}
if (-not $Iscc) { throw "Inno Setup 6 (ISCC.exe) not found" }
$Defines = @("/DAppVersion=$Version", "/DSourceDir=$Bundle")
if (-not (Test-Path (Join-Path (Split-Path $Iscc) "Languages\Vietnamese.isl"))) {
    Write-Warning "Vietnamese.isl is not installed in Inno Setup: the wizard will be in English."
    $Defines += "/DNoVietnamese"
}
& $Iscc @Defines "$Root\installer\kh57.iss"
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
$Setup = Join-Path $Root "dist\KH57-Setup-$Version.exe"
Write-Host ("== installer: {0} ({1:N1} MB)" -f $Setup, ((Get-Item $Setup).Length / 1MB))
