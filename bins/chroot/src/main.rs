fn main() -> std::process::ExitCode {
    chroot::run(std::env::args_os())
}
