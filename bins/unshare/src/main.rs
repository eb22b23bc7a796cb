fn main() -> std::process::ExitCode {
    unshare::run(std::env::args_os())
}
